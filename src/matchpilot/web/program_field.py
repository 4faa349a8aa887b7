"""A program typed into a form field: the rank list's fields are text boxes that suggest the sheet's programs
from one shared ``<datalist>`` (each suggestion reads "Name (CODE)"), instead of a ``<select>`` per field that
listed every program again. What the user sends is resolved here to a program code.

Accepted, in this order: a program code (any case, spaces around ignored); the suggestion as shown ("Name
(CODE)", the code in the last brackets); a program's name as shown on the sheet (case ignored) when exactly one
program has it; and, as the lists allow programs that are not on the sheet, one word of letters, digits and
hyphens with a digit in it, taken as such a program's code (the page marks it "not on your sheet"). Anything
else is an :class:`~matchpilot.errors.InputError` that names the field and says what was typed: no program has
that code or name, or several programs share that name (their codes listed, to pick one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from matchpilot.domain.program import Program
from matchpilot.domain.rank_list import normal_code
from matchpilot.errors import InputError

__all__ = ["choice_label", "resolve_program"]

_LAST_BRACKETS = re.compile(r"\(([^()]+)\)\s*(?:·.*)?$")
_CODE_LIKE = re.compile(r"(?=[A-Za-z-]*[0-9])[A-Za-z0-9-]{1,64}")
"""A code of a program that is not on the sheet: one word of letters, digits and hyphens, with a digit."""


def choice_label(text: str, names: Mapping[str, str]) -> str:
    """What a field shows for ``text``: "Name (CODE)" as the suggestions read when it is the code of a program
    of the sheet (``names``: the sheet's names by code), else ``text`` as it is (a code not on the sheet, or
    what the user typed)."""
    code = text.strip().upper()
    name = names.get(code)
    return f"{name} ({code})" if name else text


def resolve_program(text: str, programs: Iterable[Program], *, field: str, also: Iterable[str] = ()) -> str:
    """The code of the program ``text`` names (see the module docstring); ``""`` for an empty ``text``.

    ``programs`` are the sheet's; ``also`` are further codes accepted as typed (codes on the user's lists that
    are not on the sheet). ``field`` is the field's label, for the error message."""
    typed = " ".join(text.split())
    if not typed:
        return ""
    sheet = list(programs)
    known = {p.code for p in sheet} | {code.strip().upper() for code in also}
    if typed.upper() in known:
        return typed.upper()
    bracketed = _LAST_BRACKETS.search(typed)
    if bracketed and bracketed.group(1).strip().upper() in known:
        return bracketed.group(1).strip().upper()
    wanted = typed.casefold()
    named = sorted(p.code for p in sheet if " ".join(p.name.split()).casefold() == wanted)
    if len(named) == 1:
        return named[0]
    if named:
        raise InputError(
            f"{field}: {len(named)} programs are named {typed!r} ({', '.join(named)}); "
            "type the code of the one you mean"
        )
    if _CODE_LIKE.fullmatch(typed):  # a program not on the sheet, known by its code (as the lists allow)
        return normal_code(typed)
    raise InputError(f"{field}: no program on your sheet has the code or name {typed!r}")
