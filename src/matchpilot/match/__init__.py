"""The NRMP-style match engine (pure): deferred acceptance with supplemental lists, couples and reversion
(Roth & Peranson 1999), an independent stability verifier, and a generator of fictional markets."""

from matchpilot.match.engine import run_match
from matchpilot.match.generate import generate_market
from matchpilot.match.verify import verify

__all__ = ["generate_market", "run_match", "verify"]
