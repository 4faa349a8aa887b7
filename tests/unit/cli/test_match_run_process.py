"""What ``matchpilot match run`` sets in its own process to spend less time outside the match (issue 13, item 10):
glibc's allocator keeps freed memory for reuse (unless the user tuned it), and the imports are moved out of the
garbage collector's sight (so the collection at exit does not walk them). Neither changes any output
(``tests/e2e/test_cli_match.py``); a program embedding the CLI never has its collector frozen nor its allocator
changed."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli import common
from matchpilot.cli import match as match_cli
from matchpilot.cli.main import app

_INSTANCE = {
    "format": "matchpilot.match-instance/1",
    "programs": [{"id": "P", "quota": 1, "rol": ["A", "B"]}],
    "applicants": [{"id": "A", "rol": ["P"]}, {"id": "B", "rol": ["P"]}],
}


def _instance(tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(_INSTANCE), encoding="utf-8")
    return path


def _glibc() -> bool:
    try:
        return sys.platform == "linux" and (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (ValueError, OSError):
        return False


def _keep_in_new_process(env_changes: dict[str, str]) -> str:
    """What :func:`keep_freed_memory` answers in a new process with ``env_changes`` (a process of its own: the
    setting would otherwise stay in the test process)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != "GLIBC_TUNABLES"}
    env.update(env_changes)
    code = "from matchpilot.cli.match import keep_freed_memory\nprint(keep_freed_memory())\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return done.stdout.strip()


def test_glibc_keeps_freed_memory_unless_the_user_tuned_the_allocator() -> None:
    expected = str(_glibc())  # only glibc has these settings; elsewhere nothing is set
    assert _keep_in_new_process({}) == expected
    assert _keep_in_new_process({"GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX512F"}) == expected
    assert _keep_in_new_process({"MALLOC_ARENA_MAX": "2"}) == "False"
    assert _keep_in_new_process({"MALLOC_MMAP_THRESHOLD_": "131072"}) == "False"
    assert _keep_in_new_process({"GLIBC_TUNABLES": "glibc.malloc.trim_threshold=0"}) == "False"


def test_nothing_is_set_without_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert match_cli.keep_freed_memory() is False
    monkeypatch.setattr(sys, "platform", "linux")

    def no_glibc(name: str) -> str:
        raise ValueError(name)  # what os.confstr says where the C library is not glibc (musl)

    monkeypatch.setattr(os, "confstr", no_glibc)
    assert match_cli.keep_freed_memory() is False


def test_a_c_library_without_mallopt_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "confstr", lambda name: "glibc 2.36")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: object())  # no mallopt
    assert match_cli.keep_freed_memory() is False


@pytest.fixture
def freezes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(match_cli, "keep_freed_memory", lambda: calls.append("keep") is None)
    thresholds = gc.get_threshold()
    yield calls
    gc.set_threshold(*thresholds)
    common._state.pop("freeze", None)
    common._state.pop("thresholds", None)


def test_match_run_embedded_leaves_the_allocator_and_the_collector_alone(freezes: list[str], tmp_path: Path) -> None:
    ran = CliRunner().invoke(app, ["match", "run", str(_instance(tmp_path)), "-o", str(tmp_path / "out.json")])
    assert ran.exit_code == 0, ran.output
    assert freezes == []  # both last for the whole process: a program embedding the CLI keeps its own


def test_match_run_in_the_matchpilot_process_freezes_its_imports(freezes: list[str], tmp_path: Path) -> None:
    common.freeze_imports_later()  # as the console script does
    ran = CliRunner().invoke(app, ["match", "run", str(_instance(tmp_path)), "-o", str(tmp_path / "out.json")])
    assert ran.exit_code == 0, ran.output
    assert freezes == ["keep", "freeze"]


def test_the_matchpilot_process_ends_a_match_run_with_its_imports_frozen(tmp_path: Path) -> None:
    code = (
        "import gc, sys\n"
        "from matchpilot.cli.main import main\n"
        "try:\n"
        f"    main(['match', 'run', {str(_instance(tmp_path))!r}, '-o', {str(tmp_path / 'out.json')!r}])\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "print(gc.get_freeze_count() > 1000, gc.isenabled(), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.split()[-2:] == ["True", "True"]
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["matches"] == {"A": "P", "B": None}
