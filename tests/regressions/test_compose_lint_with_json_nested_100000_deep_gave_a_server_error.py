"""POST /compose/lint with JSON nested 100,000 deep answered 500 (RecursionError in the JSON reader) and dropped
the keep-alive connection (issue 19, finding 15); it must be a clear 400."""

from __future__ import annotations

from pathlib import Path

from matchpilot.bootstrap import build_services
from matchpilot.web import create_app

from support.web import TestClient


def test_lint_endpoint_refuses_json_nested_thousands_deep(tmp_path: Path) -> None:
    services = build_services(database_url=f"sqlite:///{tmp_path}/t.db")
    try:
        client = TestClient(create_app(services), base_url="http://127.0.0.1:8000", raise_server_exceptions=False)
        for body in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000):
            answer = client.post("/compose/lint", content=body, headers={"content-type": "application/json"})
            assert answer.status_code == 400, answer.text[:200]
            assert "send a JSON object" in answer.text
    finally:
        services.database.dispose()
