"""The applications curve and the alternation's placements of My list, this tree's against another's, alternated.

Not a test. Computes ``pick_for`` once with My list's parameters (45 applications, 12 branch-and-bound
relaxations) on the database given, keeping the arguments it hands to ``applications_curve`` and to the
alternation's ``_place`` (for a fixed list, the signals placed one at a time); then times, alternating round by
round, this tree's two functions and those of another source tree's ``pick/curve.py`` and ``pick/plan.py``
(``--before-src``, for example a ``git archive <commit> src``), the collector off, and prints the minimum CPU time
of each; it checks that both trees give the same curve (``repr``) and the same placements (in the same order):

    .venv/bin/python benchmarks/pick_curve_place.py --database sqlite:///sheet.db --before-src /tmp/old/src

The database is one ``pick_outputs.py --make-sheet`` or ``user_speed.py`` builds (the 5,000-program sheet).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _minimum(function: Callable[[], object], repeat: int) -> float:
    started = time.process_time()
    for _ in range(repeat):
        function()
    return (time.process_time() - started) / repeat


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a database URL holding the sheet and a profile")
    parser.add_argument("--before-src", required=True, help="the src/ folder of the code to compare against")
    parser.add_argument("--rounds", type=int, default=7, help="alternations (minima are reported)")
    options = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    import matchpilot.pick.make as make
    import matchpilot.pick.plan as plan
    from matchpilot.bootstrap import build_services
    from matchpilot.pick import PickLimits
    from matchpilot.services.picks import pick_for
    from matchpilot.web.picks_routes import PAGE_SIGNAL_NODES
    from matchpilot.web.rules import rules_file

    curves: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    places: list[tuple[Any, ...]] = []
    curve, place = getattr(make, "applications_curve"), plan._place  # noqa: B009 (not exported)

    def kept_curve(*args: Any, **kwargs: Any) -> Any:
        curves.append((args, kwargs))
        return curve(*args, **kwargs)

    def kept_place(*args: Any) -> Any:
        places.append(args)
        return place(*args)

    setattr(make, "applications_curve", kept_curve)  # noqa: B010 (patched for one call)
    setattr(plan, "_place", kept_place)  # noqa: B010
    try:
        pick_for(build_services(database_url=options.database), PickLimits(45), rules_path=rules_file(),
                 max_signal_nodes=PAGE_SIGNAL_NODES)  # fmt: skip
    finally:
        setattr(make, "applications_curve", curve)  # noqa: B010
        setattr(plan, "_place", place)  # noqa: B010
    before = Path(options.before_src) / "matchpilot" / "pick"
    old_curve = _module(before / "curve.py", "before_curve").applications_curve
    old_place = _module(before / "plan.py", "before_plan")._place
    args, kwargs = curves[-1]
    if repr(old_curve(*args, **kwargs)) != repr(curve(*args, **kwargs)):
        raise SystemExit("the two trees' curves differ")
    if any(list(old_place(*a).items()) != list(place(*a).items()) for a in places):
        raise SystemExit("the two trees' placements differ")
    found: dict[str, list[float]] = {}
    gc.disable()
    for _ in range(options.rounds):
        for label, function in (("before", old_curve), ("after", curve)):
            found.setdefault(f"applications_curve {label}", []).append(
                _minimum(lambda f=function: f(*args, **kwargs), 20)  # type: ignore[misc]
            )
        for label, function in (("before", old_place), ("after", place)):
            found.setdefault(f"_place, its {len(places)} calls, {label}", []).append(
                _minimum(lambda f=function: [f(*a) for a in places], 10)  # type: ignore[misc]
            )
    gc.enable()
    print(f"curve of {len(args[0])} points; placements of lists of {[len(a[0]) for a in places]}; same answers")
    for label, times in found.items():
        print(f"{label}: minimum {min(times) * 1000:.3f} ms CPU over {len(times)} rounds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
