"""benchmarks/lint_quality.py reads every corpus file, classes it by the README table (patterns included, so a
later ``heldout_2026_12*.txt`` is picked up on its own) and says when each was written relative to the linter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from support.scripts import load_module

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "lint_quality.py"


quality = load_module("lint_quality", SCRIPT)

README = """# corpus
| file | class | written | role |
|---|---|---|---|
| `old.txt` | tuning | 2026-11-23 | used while writing |
| `heldout_2026_12*.txt` | heldout | 2026-12-06 | held out |

Linter measured: 2026-12-08 (a later linter)
"""


def test_every_txt_file_is_read_and_classed_by_the_table(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    for name in ("old.txt", "heldout_2026_12.txt", "heldout_2026_12b.txt", "stray.txt"):
        (tmp_path / name).write_text("### a | -\nFine.\n", encoding="utf-8")
    files, linter = quality.corpus_files(tmp_path)
    classes = {f.path.name: (f.cls, f.written) for f in files}
    assert classes == {
        "heldout_2026_12.txt": ("heldout", date(2026, 12, 6)),
        "heldout_2026_12b.txt": ("heldout", date(2026, 12, 6)),
        "old.txt": ("tuning", date(2026, 11, 23)),
        "stray.txt": ("unlisted", None),
    }
    assert linter == date(2026, 12, 8)
    assert quality.relative(date(2026, 12, 6), linter) == (
        "written 2026-12-06, 2 days before the linter it measures (2026-12-08)"
    )
    assert "after" in quality.relative(date(2026, 12, 9), linter)


def test_the_repository_readme_classes_every_corpus_file() -> None:
    files, linter = quality.corpus_files()
    assert linter is not None
    assert all(f.cls != "unlisted" and f.written is not None for f in files)
    assert {"training", "tuning", "heldout", "adversarial"} <= {f.cls for f in files}


def test_programs_and_mentors_messages_in_a_corpus_are_linted_by_their_own_rules() -> None:
    text = (
        "### p1 | program-asks-rank\nPlease let us know where you will rank our program.\n\n"
        "### p2 | - | from: program\nAre you still interested in our program?\n\n"
        "### m1 | third-party-pressure\nYou must rank this applicant high.\n\n"
        "### a1 | ask-rank | allow: request-commitment\nWhere do I stand on your rank list?\n"
    )
    samples = quality.parse_corpus(text)
    assert [s.sender for s in samples] == ["program", "program", "mentor", "me"]
    report = quality.evaluate("mixed", samples)
    assert report.failures() == [] and report.recall("program-asks-rank") == 1.0
    assert "program-asks-rank" in quality.render(report, verbose=False)
