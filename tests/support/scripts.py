"""The repository's scripts and benchmarks loaded as modules, for tests that check them (the letter models'
training script, the linter quality benchmark): they are files, not packages."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
"""The repository's root."""


def load_module(name: str, path: Path) -> ModuleType:
    """The file at ``path`` run as the module ``name`` (registered in ``sys.modules`` first, as its dataclasses
    need)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
