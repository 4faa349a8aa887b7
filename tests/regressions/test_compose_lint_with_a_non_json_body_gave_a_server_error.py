"""POST /compose/lint with a body that is not JSON answered 500 (JSONDecodeError); it must be a clear 400."""

from __future__ import annotations

from pathlib import Path

from matchpilot.bootstrap import build_services
from matchpilot.web import create_app

from support.web import TestClient


def test_lint_endpoint_refuses_a_body_that_is_not_json(tmp_path: Path) -> None:
    services = build_services(database_url=f"sqlite:///{tmp_path}/t.db")
    try:
        client = TestClient(create_app(services), base_url="http://127.0.0.1:8000")
        answer = client.post("/compose/lint", content=b"text=hello", headers={"content-type": "text/plain"})
        assert answer.status_code == 400
        assert "send a JSON object" in answer.text
    finally:
        services.database.dispose()
