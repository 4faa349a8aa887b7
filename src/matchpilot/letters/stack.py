"""The letter linter's second stage: small gradient-boosted trees over one message's stacked evidence, in pure Python.

The linear sentence and message models (:mod:`matchpilot.letters.intent`) score each rule; the linter's patterns
and gates turn those scores into findings. This stage reads, for each rule, the whole message's evidence at once
(:func:`evidence`: every rule's highest sentence score and message score, the rule's second highest and mean
sentence score, how many sentences and question marks, and whether the patterns and the linter found the rule) and
a gradient-boosted model per rule (scikit-learn's ``HistGradientBoostingClassifier``, fitted by
``scripts/train_lint_model.py`` on evidence the linear models gave on training messages they were *not* fitted
on) says how likely the message breaks the rule. A rule it flags that the linter did not find is reported on the
sentence scored highest for it. Trees are non-linear: "a middling ask-rank score, a high message score and a
question mark" can count where none of them alone reaches a threshold.

The trees are package data (``lint_stack.json``, read once); scoring them needs no scikit-learn.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["STACK_FORMAT", "Booster", "Stacker", "evidence", "load_stacker"]

STACK_FORMAT = "matchpilot.lint-stack/1"
_FILE = "lint_stack.json"


def evidence(
    rules: tuple[str, ...],
    sentence_scores: list[dict[str, float]],
    message_scores: dict[str, float],
    text: str,
    patterns: set[str],
    found: set[str],
) -> dict[str, list[float]]:
    """Per rule of ``rules``, the evidence row of one message: each rule's highest sentence score, each rule's
    message score, this rule's second highest and mean sentence score, log(1 + sentences), question marks in
    ``text``, whether the patterns found this rule, whether the linter found it, and whether it found any of
    ``rules``. ``sentence_scores``: the linear sentence model's scores of each sentence (in order);
    ``message_scores``: the message-level model's; ``patterns`` and ``found``: the rules the patterns alone and
    the whole linter (before this stage) report."""
    best = {rule: max((s[rule] for s in sentence_scores), default=0.0) for rule in rules}
    any_found = float(bool(found.intersection(rules)))
    out: dict[str, list[float]] = {}
    for rule in rules:
        ordered = sorted((s[rule] for s in sentence_scores), reverse=True) or [0.0]
        out[rule] = [
            *(best[q] for q in rules),
            *(message_scores.get(q, 0.0) for q in rules),
            ordered[1] if len(ordered) > 1 else 0.0,
            math.fsum(ordered) / len(ordered),
            math.log1p(len(sentence_scores)),
            float(text.count("?")),
            float(rule in patterns),
            float(rule in found),
            any_found,
        ]
    return out


class Booster:
    """One rule's trees: a raw score (the baseline plus each tree's leaf) turned into a probability."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.baseline: float = data["baseline"]
        self.threshold: float = data["threshold"]
        self.trees: list[_Node] = [_nested(tree, 0) for tree in data["trees"]]

    def probability(self, row: list[float]) -> float:
        """The probability that the message breaks the rule, given its evidence ``row`` (a row goes left when its
        feature is at most the node's threshold, as scikit-learn's predictor does)."""
        raw = self.baseline
        for node in self.trees:
            while isinstance(node, tuple):
                node = node[2] if row[node[0]] <= node[1] else node[3]
            raw += node
        return 1.0 / (1.0 + math.exp(-raw))


_Node = float | tuple[int, float, Any, Any]
"""A leaf's value, or ``(feature, threshold, left, right)``."""


def _nested(tree: list[list[float]], k: int) -> _Node:
    """Node ``k`` of a tree as the file stores it (a list of nodes: ``[value]`` for a leaf, ``[feature,
    threshold, left, right]`` otherwise, children by index) as nested tuples, which score faster."""
    node = tree[k]
    if len(node) == 1:
        return float(node[0])
    return (int(node[0]), float(node[1]), _nested(tree, int(node[2])), _nested(tree, int(node[3])))


class Stacker:
    """The boosters of one sender's rules (the applicant's, or programs' and mentors')."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.rules: tuple[str, ...] = tuple(data["rules"])
        self.boosters: dict[str, Booster] = {rule: Booster(b) for rule, b in data["boosters"].items()}

    def flags(
        self,
        rows: dict[str, list[float]],
        rules: tuple[str, ...] | None = None,
        skip: set[str] | frozenset[str] = frozenset(),
    ) -> set[str]:
        """The rules (of ``rules`` when given, not in ``skip``) whose booster reaches its threshold on ``rows``
        (from :func:`evidence`)."""
        return {
            rule
            for rule, booster in self.boosters.items()
            if (rules is None or rule in rules)
            and rule not in skip
            and booster.probability(rows[rule]) >= booster.threshold
        }


@cache
def load_stacker(sender: str = "me") -> Stacker | None:
    """The second stage shipped with the package for messages from ``sender`` (``me``, or ``program`` and
    ``mentor``, which share one); None when the file is absent (as while the models are trained)."""
    source = resources.files("matchpilot.letters").joinpath(_FILE)
    if not source.is_file():
        return None
    data = json.loads(source.read_text(encoding="utf-8"))
    if data.get("format") != STACK_FORMAT:
        raise ValueError(f"not a {STACK_FORMAT} file")
    return Stacker(data["me" if sender == "me" else "program"])
