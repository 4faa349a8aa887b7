"""Loading the compiled match kernel does not import what the kernel does not use (issue 13, item 10)."""

from __future__ import annotations

import subprocess
import sys

from matchpilot.match import generate_market, run_match

_LOAD = """
import sys
from matchpilot.match import generate_market, run_match
result = run_match(generate_market(40, 8, seed=3), engine="numba")
print(sorted(m for m in sys.modules if m.startswith("scipy.linalg")))
print(sum(program is not None for program in result.matches.values()))
"""


def test_loading_the_numba_kernel_does_not_import_scipy_linear_algebra() -> None:
    done = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[0] == "[]", done.stdout


def test_the_kernel_loaded_without_blas_gives_the_same_match_as_the_plain_runner() -> None:
    market = generate_market(300, 40, seed=11)
    compiled, plain = run_match(market, engine="numba"), run_match(market, engine="python")
    assert dict(compiled.matches) == dict(plain.matches)
    assert dict(compiled.unfilled) == dict(plain.unfilled)
    assert compiled.unstable == plain.unstable
