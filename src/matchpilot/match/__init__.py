"""The NRMP-style match engine (pure): deferred acceptance with supplemental lists, couples and reversion
(Roth & Peranson 1999), an independent stability verifier, and a generator of fictional markets.

The generator loads on first use (PEP 562), so running a match (``matchpilot match run``) does not import it.
(The verifier is imported at once: its module has the function's name, and a submodule imported first would
otherwise shadow the function.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from matchpilot.match.engine import run_match
from matchpilot.match.verify import verify

if TYPE_CHECKING:
    from matchpilot.match.generate import generate_market

__all__ = ["generate_market", "run_match", "verify"]


def __getattr__(name: str) -> Any:
    """``generate_market``, imported when first asked for."""
    if name == "generate_market":
        from matchpilot.match.generate import generate_market

        return generate_market
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
