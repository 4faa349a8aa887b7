"""The format of the chances model's weights: the ``matchpilot.chances-weights/1`` TOML file (the packaged
defaults, ``matchpilot/chances/weights.toml``, and a user's corrections given to ``matchpilot chances --weights``),
described in docs/chances.md.

:func:`parse_weights` reads the file's text (the service reads the file): TOML, the ``format`` key and the tables
flattened to dotted keys; the values are checked by the core (:func:`matchpilot.chances.weights_from_values`),
which builds the :class:`matchpilot.chances.Weights`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from typing import TYPE_CHECKING

from matchpilot.domain.issues import Issue, Severity
from matchpilot.io.format_names import WEIGHTS_FORMAT

if TYPE_CHECKING:
    from matchpilot.chances.weights import Weights

__all__ = ["WEIGHTS_FORMAT", "parse_weights"]


def _flatten(data: Mapping[str, object], prefix: str, out: dict[str, object]) -> None:
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            _flatten(value, path + ".", out)
        else:
            out[path] = value


def parse_weights(text: str, *, base: Weights | None = None) -> tuple[Weights | None, list[Issue]]:
    """Read and check the text of a weights TOML file.

    Returns ``(weights, [])`` or ``(None, issues)``; each issue's ``where`` is the dotted key. A key missing
    from ``text`` takes its value from ``base`` (the packaged defaults, when the service reads a user's
    file); without ``base`` a missing key, and the ``format`` key, are required. Text that is not TOML, another
    format, unknown keys, non-numbers, out-of-range values and contradictions are errors.
    """
    from matchpilot.chances.weights import weights_from_values  # the core checks the values and builds them

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [Issue("bad-toml", Severity.ERROR, f"not valid TOML: {error}", "")]
    issues: list[Issue] = []
    fmt = data.pop("format", None)
    if fmt is not None and fmt != WEIGHTS_FORMAT:
        issues.append(Issue("bad-format", Severity.ERROR, f"{fmt!r} is not {WEIGHTS_FORMAT!r}", "format"))
    elif fmt is None and base is None:
        issues.append(Issue("missing-value", Severity.ERROR, f"a value is required ({WEIGHTS_FORMAT!r})", "format"))
    flat: dict[str, object] = {}
    _flatten(data, "", flat)
    return weights_from_values(flat, base=base, issues=issues)
