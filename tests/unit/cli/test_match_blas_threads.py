"""``matchpilot match run`` and ``matchpilot pick`` load NumPy's OpenBLAS with one thread unless the user chose a
number (issue 13, item 10: starting OpenBLAS's threads spun ~0.05-0.08 s of CPU at every run, for commands that
multiply no matrices)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _blas_threads_after_run(tmp_path: Path, chosen: str | None) -> str:
    instance = tmp_path / "in.json"
    instance.write_text(
        json.dumps(
            {
                "format": "matchpilot.match-instance/1",
                "programs": [{"id": "P", "quota": 1, "rol": ["A"]}],
                "applicants": [{"id": "A", "rol": ["P"]}],
            }
        ),
        encoding="utf-8",
    )
    code = (
        "import os, sys\n"
        "from matchpilot.cli.main import main\n"
        "try:\n"
        f"    main(['match', 'run', {str(instance)!r}, '-o', {str(tmp_path / 'out.json')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'numpy' in sys.modules\n"
        "print(os.environ.get('OPENBLAS_NUM_THREADS', 'unset'), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if chosen is not None:
        env["OPENBLAS_NUM_THREADS"] = chosen
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert (tmp_path / "out.json").exists()
    return done.stderr.split()[-1]


def test_match_run_loads_openblas_with_one_thread(tmp_path: Path) -> None:
    assert _blas_threads_after_run(tmp_path, None) == "1"


def test_match_run_keeps_the_users_choice_of_blas_threads(tmp_path: Path) -> None:
    assert _blas_threads_after_run(tmp_path, "2") == "2"


def test_pick_loads_openblas_with_one_thread() -> None:
    # What OPENBLAS_NUM_THREADS says at the moment NumPy is first imported (OpenBLAS reads it then); `pick --json
    # --csv` imports what a whole pick imports, then stops at its first check.
    code = (
        "import os, sys\n"
        "seen = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'numpy':\n"
        "            seen.append(os.environ.get('OPENBLAS_NUM_THREADS', 'unset'))\n"
        "        return None\n"
        "sys.meta_path.insert(0, Watch())\n"
        "from matchpilot.cli.main import main\n"
        "try:\n"
        "    main(['pick', '--json', '--csv'])\n"
        "except SystemExit as stop:\n"
        "    assert stop.code == 2, stop.code\n"
        "print(*seen, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert "choose one of --json and --csv" in done.stderr
    assert done.stderr.splitlines()[-1] == "1"
