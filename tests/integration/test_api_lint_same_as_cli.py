"""Issue 13, item 6: ``matchpilot letters lint --json`` and the API's ``POST /api/v1/letters/lint`` wrote two
different documents for the same text (the CLI the ``matchpilot.lint-result/1`` of the contract, the API a
``findings``/``errors`` object of its own), and the CLI ran the linter itself. Both now write the one document
of :mod:`matchpilot.io.lint_json`, from the same service."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services.demo import load_demo
from matchpilot.web import create_app

from support.cli import run
from support.web import TestClient

TODAY = date(2026, 1, 20)

TEXTS = {
    "asks.txt": "Dear Dr. Rivera,\n\nThank you for the interview. Could you tell me where I fall on your rank list?\n",
    "clean.txt": "Dear Dr. Rivera,\n\nThank you for the interview. Your program is among my top choices.\n",
    "several.txt": "Dear [Program Name],\n\nI know I am a weak applicant. I will rank your program first.\n\nXXX\n",
    "unicode.txt": "Chère Dr. Rivera — merci! Can you guarantee me a position outside the Match? 🙏\n",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('lint-same')}/t.db"
    built = build_services(database_url=url, today=lambda: TODAY)
    load_demo(built)
    yield built, url
    built.database.dispose()


@pytest.fixture(scope="module")
def client(demo: tuple[Services, str]) -> TestClient:
    return TestClient(create_app(demo[0]))


def _cli(tmp_path: Path, name: str, *options: str) -> dict[str, object]:
    path = tmp_path / name
    path.write_text(TEXTS[name], encoding="utf-8")
    code, out, err = run("letters", "lint", str(path), "--json", *options)
    assert code in (0, 1), err
    document: dict[str, object] = json.loads(out)
    return document


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_cli_and_the_api_write_the_same_lint_document(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo: tuple[Services, str], client: TestClient
) -> None:
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", demo[1])
    from_cli = _cli(tmp_path, name)
    answer = client.post("/api/v1/letters/lint", json={"text": TEXTS[name], "path": str(tmp_path / name)})
    assert answer.status_code == 200
    assert answer.json() == from_cli
    assert from_cli["format"] == "matchpilot.lint-result/1"


def test_with_a_program_both_read_the_stored_log_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo: tuple[Services, str], client: TestClient
) -> None:
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", demo[1])
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    code = demo[0].list_programs().programs[0].code
    options = ("--program", code, "--kind", "thank-you", "--on", TODAY.isoformat())
    from_cli = _cli(tmp_path, "several.txt", *options)
    body = {"text": TEXTS["several.txt"], "path": str(tmp_path / "several.txt"), "program": code, "kind": "thank-you"}
    answer = client.post("/api/v1/letters/lint", json=body)
    assert answer.status_code == 200
    assert answer.json() == from_cli
    files = from_cli["files"]
    assert isinstance(files, list) and {f["rule"] for f in files[0]["findings"]} >= {
        "placeholder",
        "tone-self-deprecating",
    }
