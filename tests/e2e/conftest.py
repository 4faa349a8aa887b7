"""End-to-end fixtures for the web app: the app served by uvicorn on a free loopback port over a temporary
SQLite database with the fictional demo data, and a real headless Chromium driven by Playwright.

Chromium is Debian's headless shell (/usr/bin/chromium-headless-shell, package ``chromium-headless-shell``,
installed by ``make test``); ``playwright install`` is never run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from matchpilot.bootstrap import build_services
from matchpilot.services import Services
from matchpilot.services.demo import load_demo

from support.axe import AxeWatch
from support.web import BROWSER_WAIT_MS, serving

CHROMIUM = "/usr/bin/chromium-headless-shell"
"""Chromium's headless shell: the same Blink and V8 as Debian's ``chromium`` of the same version, without the
desktop browser's machinery that its ``--headless`` mode still runs. Playwright itself drives this build for headless
Chromium. Measured (benchmarks/RESULTS.md, "Test suite: the headless shell"): half the CPU of ``/usr/bin/chromium``
for the same browser tests (all 73: 173 s -> 93 s of Chromium's CPU)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's assertions wait 5 s by default: on a busy CI machine a simulation or an import can take longer and a
# correct page would fail. Waiting longer costs nothing when the page is right (support/web.py, BROWSER_WAIT_MS).
expect.set_options(timeout=BROWSER_WAIT_MS)

WEB_TODAY = date(2026, 6, 1)
"""The app's today in browser tests, so the demo data and the screenshot are the same on every run."""


@dataclass(frozen=True)
class LiveApp:
    """The running web app: its address and the services behind it."""

    url: str
    services: Services


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """The web app over the demo data, served by uvicorn in a background thread; stopped cleanly afterwards."""
    folder = tmp_path_factory.mktemp("web")
    services = build_services(database_url=f"sqlite:///{folder}/web.db", today=lambda: WEB_TODAY)
    load_demo(services)
    with serving(services) as url:
        yield LiveApp(url, services)


@pytest.fixture(scope="session")
def chromium(live_app: LiveApp) -> Iterator[Browser]:
    """A headless Chromium for the whole session (closed before the app stops)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install -y chromium-headless-shell` (make test does)")
    # Chromium puts its singleton socket under TMPDIR and dies when that path passes the 108-byte limit of a Unix
    # socket address, so a long TMPDIR (as on some CI machines) must not reach it: give it a short one of its own.
    short_tmp = tempfile.mkdtemp(prefix="mp-chromium-", dir="/tmp" if Path("/tmp").is_dir() else None)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, env={**os.environ, "TMPDIR": short_tmp}
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        shutil.rmtree(short_tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def shared_context(chromium: Browser) -> Iterator[BrowserContext]:
    """The browser context of the ``page`` fixture, 1280x800 pixels, made once: a new context for every test cost
    Chromium and Playwright about a quarter of a second of CPU each (a probe: 20 visits of one page, 25.4 s of
    Chromium CPU with a context each, 20.2 s with one context). The web app keeps nothing in the browser but the
    multi-user server's cookies, which ``page`` clears after each test."""
    AXE_WATCH.watch(chromium)  # before the context opens (a session fixture is set up before the autouse watch)
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    context.set_default_timeout(BROWSER_WAIT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(shared_context: BrowserContext) -> Iterator[Page]:
    """A fresh browser page of 1280x800 pixels, with no cookies: a new tab of the shared context (see
    ``shared_context``); its pages are checked as they stand and closed, and its cookies cleared, after the test."""
    opened = shared_context.new_page()
    try:
        yield opened
    finally:
        for left in shared_context.pages:  # the test's page and any it opened
            AXE_WATCH.check_now(left)  # as closing a context does (support/axe.py)
            left.close()
        shared_context.clear_cookies()


# --- axe-core on every page the browser tests visit (support/axe.py) ----------------------------------------------

AXE_WATCH = AxeWatch()
"""One watch for the session: each variant of a page is checked once, whichever test visits it first."""


@pytest.fixture(autouse=True)
def axe_watch(request: pytest.FixtureRequest) -> Iterator[AxeWatch]:
    """In a browser test (one that uses ``chromium``), every context of the browser is watched from the start; the
    test fails (at its teardown, once its pages are closed and checked) when axe-core found a violation on a page it
    visited. A test that breaks a page on purpose calls ``axe_watch.excuse(page)`` first."""
    if "chromium" in request.fixturenames:
        AXE_WATCH.watch(request.getfixturevalue("chromium"))
    yield AXE_WATCH
    found = AXE_WATCH.take_findings()
    if found:
        pytest.fail("axe-core found accessibility violations:\n" + "\n".join(f.describe() for f in found))
