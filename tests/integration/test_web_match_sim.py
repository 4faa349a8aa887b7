"""The Match simulator page: generate a market or upload an instance, see the result, download its JSON."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

from matchpilot.bootstrap import build_services
from matchpilot.web import create_app

from support.web import TestClient

INSTANCE = {
    "format": "matchpilot.match-instance/1",
    "programs": [{"id": "1001340C0", "quota": 1, "rol": ["a1", "a2"]}, {"id": "1002340C0", "quota": 2, "rol": ["a2"]}],
    "applicants": [{"id": "a1", "rol": ["1001340C0"]}, {"id": "a2", "rol": ["1001340C0", "1002340C0"]}],
}


def make_client(tmp_path: Path) -> TestClient:
    services = build_services(database_url=f"sqlite:///{tmp_path}/m.db")
    return TestClient(create_app(services))


def downloaded(html: str) -> dict[str, object]:
    encoded = re.search(r'href="data:application/json;base64,([^"]+)"', html)
    assert encoded is not None
    return json.loads(base64.b64decode(encoded.group(1)))  # type: ignore[no-any-return]


def test_generate_and_run(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    assert "Match simulator" in client.get("/match-simulator").text
    page = client.post("/match-simulator", data={"applicants": "120", "programs": "30", "seed": "4"}, files={})
    assert page.status_code == 200
    assert 'id="matches-table"' in page.text and "Stable" in page.text
    document = downloaded(page.text)
    assert document["format"] == "matchpilot.match-result/1"
    assert len(document["matches"]) == 120  # type: ignore[arg-type]


def test_upload_an_instance(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    sent = {"instance": ("tiny.json", json.dumps(INSTANCE).encode(), "application/json")}
    page = client.post("/match-simulator", files=sent)
    assert page.status_code == 200
    assert downloaded(page.text)["matches"] == {"a1": "1001340C0", "a2": "1002340C0"}
    assert 'id="unfilled-table"' in page.text


def test_a_broken_instance_names_its_problems(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    broken = dict(INSTANCE, applicants=[{"id": "a1", "rol": ["nowhere"]}, {"id": "a2"}])
    page = client.post("/match-simulator", files={"instance": ("bad.json", json.dumps(broken).encode(), "x")})
    assert page.status_code == 400
    assert "nowhere" in page.text
    garbage = client.post("/match-simulator", files={"instance": ("bad.json", b"{", "x")})
    assert garbage.status_code == 400 and "not valid JSON" in garbage.text
