"""Cutting a message into sentences and clauses, and normalising them for matching.

Every piece keeps its place in the original text as Python string offsets, so findings can point at the very
characters the user wrote. Normalisation (lower case, straight quotes, contractions expanded, ``#1`` read as
``number one``) works on copies and never moves the offsets of the pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Piece", "clauses", "normalise", "sentences"]


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of the message: ``text`` is ``message[start:end]`` and ``norm`` its normalised form."""

    start: int
    end: int
    text: str
    norm: str

    @property
    def is_question(self) -> bool:
        """True when the piece ends with a question mark (closing quotes and brackets aside)."""
        return self.text.rstrip(" \t\n\"')]\u00bb\u201d\u2019").endswith("?")


_ABBREVIATIONS = frozenset(
    {
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "no",
        "dept",
        "approx",
        "inc",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "ph.d",
        "m.d",
        "d.o",
        "a.m",
        "p.m",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
    }
)
_SENTENCE_END = re.compile(
    r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)|[\U0001F300-\U0001FAFF\u2600-\u27BF][\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]*"
    r"(?=\s+[A-Z])"
)
"""The end of a sentence: ``.``, ``!`` or ``?`` before a space, or an emoji before a capital ("loved it 🙂 Please
return…")."""
_BULLET = re.compile(r"\s*(?:[-*\u2022\u00b7\u2013]|\d{1,2}[.)])\s+")
_HARD_END = re.compile(r"[.!?:;][\"'\u201d\u2019)\]]*\s*$")
_SHORT_LINE = 50


def _units(text: str) -> list[tuple[int, int]]:
    """Stretches of text that no sentence crosses: lines are joined while a sentence wraps onto the next."""
    units: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    previous = ""
    position = 0
    for line in text.splitlines(keepends=True):
        line_start = position
        position += len(line)
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if not stripped or stripped.startswith(">"):
            if start is not None:
                units.append((start, end))
                start = None
            previous = ""
            continue
        breaks = (
            start is None
            or _HARD_END.search(previous) is not None
            or len(previous.strip()) < _SHORT_LINE
            or _BULLET.match(body) is not None
            or previous.strip().lower().startswith("subject:")
        )
        if breaks and start is not None:
            units.append((start, end))
            start = None
        if start is None:
            start = line_start + (len(body) - len(body.lstrip()))
        end = line_start + len(body.rstrip())
        previous = body
    if start is not None:
        units.append((start, end))
    return units


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial rather than a sentence."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] in ".&"):
        word_start -= 1
    word = text[word_start:dot].lower()
    if word in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():
        return True
    after = text[dot + 1 :].lstrip()
    return bool(after) and after[0].islower()


def sentences(text: str) -> list[Piece]:
    """The sentences of ``text`` with their offsets; lines quoted with ``>`` (a reply's quote) are skipped.

    Blank lines, short lines (salutations, sign-offs, the subject line) and bullets end a sentence; other line
    breaks are taken as wrapping. Inside a line, ``.``, ``!`` or ``?`` followed by a space ends a sentence
    unless it closes an abbreviation (``Dr.``, ``e.g.``) or an initial.
    """
    pieces: list[Piece] = []
    for unit_start, unit_end in _units(text):
        chunk = text[unit_start:unit_end]
        begin = 0
        for match in _SENTENCE_END.finditer(chunk):
            if _is_abbreviation(chunk, match.start()):
                continue
            _add(pieces, text, unit_start + begin, unit_start + match.end())
            begin = match.end()
        _add(pieces, text, unit_start + begin, unit_end)
    return pieces


def _add(pieces: list[Piece], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        piece = text[start:end]
        pieces.append(Piece(start, end, piece, normalise(piece)))


_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|\s+[-\u2013\u2014]+\s+|,?\s+(?=(?:but|however|although|though|whereas)\b)|,\s+(?=and\s+if\b)",
    re.IGNORECASE,
)


def clauses(sentence: Piece) -> list[Piece]:
    """Split a sentence where its meaning turns (``but``, ``however``, ``although``, ``;``, a dash).

    Each clause is read on its own for negation ("I know you cannot tell me X, but could you tell me Y?").
    """
    out: list[Piece] = []
    begin = 0
    for match in _CLAUSE_BREAK.finditer(sentence.text):
        if match.start() > begin:
            _add(out, sentence.text, begin, match.start())
        begin = match.end()
    _add(out, sentence.text, begin, len(sentence.text))
    return [Piece(sentence.start + p.start, sentence.start + p.end, p.text, p.norm) for p in out]


_REPLACEMENTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[\u2019\u2018`\u00b4]", "'"),
        (r"[\u201c\u201d\u00ab\u00bb]", '"'),
        (r"[\u2013\u2014\u2010\u2011]", "-"),
        (r"\u00a0", " "),
        (r"\bwon't\b", "will not"),
        (r"\bcan't\b", "cannot"),
        (r"\bshan't\b", "shall not"),
        (r"\bain't\b", "am not"),
        (r"n't\b", " not"),
        (r"'ll\b", " will"),
        (r"\bi'm\b", "i am"),
        # texting style: "im gonna match?", "can u tell me", "pls" (not "IM", internal medicine, before a noun)
        (
            r"\bim (?=gonna|going|not|so|just|still|really|very|sure|hoping|wondering|writing|interested|curious"
            r"|asking|in\b|on\b|a\b|an\b|the\b|ranked|likely)",
            "i am ",
        ),
        (r"\bgonna\b", "going to"),
        (r"\bwanna\b", "want to"),
        (r"(?<![.\w])u(?![.\w])", "you"),
        (r"(?<![.\w])ur(?![.\w])", "your"),
        (r"\bpl[sz]\b", "please"),
        (r"\b(do|does|did|is|are|was|were|would|could|should|have|has)nt\b", r"\1 not"),
        (r"\bcant\b", "cannot"),
        (r"'re\b", " are"),
        (r"'ve\b", " have"),
        (r"'d\b", " would"),
        (r"\b(it|that|there|what|where|who|here|he|she|this)'s\b", r"\1 is"),
        (r"#\s?1\b|\bno\.?\s?1\b|\bnumber\s+1\b|\bnum\.?\s?1\b|\b1st\b|\bnumber-one\b", "number one"),
        (r"\bpre[\s-]?match\b", "prematch"),
        (r"\bre-?assur", "reassur"),
        (r"(?<=[a-z])-(?=[a-z])", " "),
        (r"\s+", " "),
    )
)


def normalise(text: str) -> str:
    """A copy of ``text`` for matching: lower case, plain quotes and dashes, contractions spelled out
    (``I'll`` → ``i will``, ``can't`` → ``cannot``), ``#1``/``No. 1``/``1st`` → ``number one``, words joined
    by a hyphen split (``first-choice`` → ``first choice``), ``pre-match`` → ``prematch``, texting style spelled
    out (``im gonna`` → ``i am going to``, ``u`` → ``you``, ``pls`` → ``please``, ``dont`` → ``do not``), single
    spaces."""
    out = text.lower()
    for pattern, replacement in _REPLACEMENTS:
        out = pattern.sub(replacement, out)
    return out.strip()
