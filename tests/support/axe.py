"""axe-core on every page the browser tests visit.

A :class:`AxeWatch` watches a Playwright ``Browser``: every context it opens gets a small runner as an init script.
When a document has loaded, the runner asks the watch whether this *variant* of the page was checked already in
the session — its URL path plus the set of kinds of element on it (tag, classes, role, type; not the text nor how
many rows), so the demo's home and an empty workspace's home are two variants, a table of 10 or 12 rows one — and
if not the watch puts axe-core (from node_modules, installed by ``npm ci`` through package.json) into that
document the way a browser extension would (an evaluation the page's Content-Security-Policy does not govern),
and the runner runs axe with all its rules (WCAG A/AA and best practices, every impact) and hands the violations
back. axe is loaded only into the documents it checks: compiling its 650 kB in every document the tests opened
cost Chromium more than a third of a second of CPU each. Before a context closes, each of its pages is checked
once more as it stands, so a state reached by clicks or typing without a new load is checked too. axe runs
asynchronously in the page: a test that leaves a page at once cuts its check short, and that variant is checked at
its next visit; ``check_now`` checks a page synchronously (the phone-layout test does it on every main page). A
navigation cannot be held for the check: Playwright cannot evaluate in a page whose navigation waits.

Each variant is checked once per session, so the checks cost a fraction of a second per distinct page, not per
visit. The violations are reported by the test during which they were found. A test that checks a page itself
(``axe_violations``, all rules with the page's assets preloaded) says so first with ``leave_to_test``: the watch
then leaves that document to it rather than run axe on it too, and records the test's check for its variant.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Error, Frame, Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

AXE_WAIT_MS = 60_000
"""How long a check waits for another check of the same document (axe runs one at a time) before it gives up.

Each wait ends as soon as the other check does (a fraction of a second on a quiet machine); the limit is only for
a check that never ends. Shorter limits (3, 10 and 30 s) could run out on a machine loaded with several suites,
failing a correct page ("axe-core stayed busy") or leaving its variant unchecked."""

# Runs in every document (the watch loads axe when the document's variant is new). Only the top-level document of
# an http(s) page is checked; checks of one document run one after the other (axe refuses to run twice at once),
# and wait for a test's own run to end.
RUNNER = """
(() => {
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  const variant = () => {
    const kinds = new Set();
    for (const el of document.querySelectorAll('body *')) {
      kinds.add([el.tagName, [...el.classList].sort().join('.'), el.getAttribute('role') || '',
                 el.getAttribute('type') || ''].join('|'));
    }
    return location.pathname + ' ' + [...kinds].sort().join(' ');
  };
  const check = async () => {
    if (!window.__mpAxeClaim) return;
    const key = variant();
    if (!(await window.__mpAxeClaim(key)) || typeof axe === 'undefined') return;
    let found = null, failure = null;
    try {
      // a test's own axe_violations() may be running axe in this document: wait for it (axe runs one at a time)
      let result = null;
      for (let attempt = 0; result === null; attempt++) {
        try { result = await axe.run(document, {resultTypes: ['violations'], preload: false}); }
        catch (error) {
          if (!String(error).includes('already running') || attempt >= __AXE_WAIT_MS__ / 100) throw error;
          await new Promise((done) => setTimeout(done, 100));
        }
      }
      found = result.violations.map(v => ({
        rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target),
      }));
    } catch (error) {
      failure = String(error);
    } finally {
      await window.__mpAxeReport(key, location.href, found, failure);
    }
  };
  window.__mpAxeVariant = variant;
  window.__mpAxeAgain = () => {
    window.__mpAxeRun = (window.__mpAxeRun || Promise.resolve()).catch(() => {}).then(check);
    return window.__mpAxeRun;
  };
  window.addEventListener('load', () => { window.__mpAxeAgain(); });
})();
""".replace("__AXE_WAIT_MS__", str(AXE_WAIT_MS))


@dataclass
class Finding:
    """The violations axe found on one variant of a page."""

    url: str
    violations: list[dict[str, Any]]

    def describe(self) -> str:
        """The finding as a reader wants it: the page, then rule, impact, help and the first elements concerned."""
        return f"{self.url}: {json.dumps(self.violations, indent=1)}"


@dataclass
class AxeWatch:
    """Checks every page of the browsers it watches with axe-core, each variant of a page once."""

    checked: dict[str, Finding] = field(default_factory=dict)
    unreported: list[Finding] = field(default_factory=list)

    def script(self) -> str:
        """The runner, the init script of every watched context (axe itself is loaded when a check needs it)."""
        _axe_loader()  # fails at once when axe-core is not installed
        return RUNNER

    def watch(self, browser: Browser) -> None:
        """From now on, every context ``browser`` opens is watched (see :meth:`watch_context`), and those open
        already from their next document on."""
        if getattr(browser, "_mp_axe_watched", False):
            return
        for context in browser.contexts:
            self.watch_context(context)
        opening: Callable[..., BrowserContext] = browser.new_context

        def new_context(*args: Any, **kwargs: Any) -> BrowserContext:
            context = opening(*args, **kwargs)
            if kwargs.get("java_script_enabled", True):  # without JavaScript axe cannot run, and evaluate would wait
                self.watch_context(context)
            return context

        browser.new_context = new_context  # type: ignore[method-assign]
        browser._mp_axe_watched = True  # type: ignore[attr-defined]

    def watch_context(self, context: BrowserContext) -> None:
        """Give ``context`` axe and the runner, and check its pages as they stand before it closes."""
        context.add_init_script(script=self.script())
        context.expose_binding("__mpAxeClaim", self._claim)
        context.expose_binding("__mpAxeReport", self._report)
        closing: Callable[..., None] = context.close

        def close(*args: Any, **kwargs: Any) -> None:
            for page in context.pages:
                self.check_now(page)
            closing(*args, **kwargs)

        context.close = close  # type: ignore[method-assign]
        context._mp_axe_watch = self  # type: ignore[attr-defined]

    def leave_to_test(self, page: Page) -> None:
        """The next document ``page`` loads is checked by the test's own :func:`axe_violations` (all rules, its
        assets preloaded), not by the watch as well: axe ran twice on such a document. The test's check is recorded
        as the watch's for that variant, and from then on the watch checks the page as before."""
        page._mp_axe_by_test = True  # type: ignore[attr-defined]

    def record(self, page: Page, violations: list[dict[str, Any]]) -> None:
        """Record a test's own check of ``page`` as it stands (see :meth:`leave_to_test`) for its variant; the
        test reports what it found itself."""
        if not getattr(page, "_mp_axe_by_test", False):
            return
        page._mp_axe_by_test = False  # type: ignore[attr-defined]
        with contextlib.suppress(Error):
            key = page.evaluate("() => window.__mpAxeVariant ? window.__mpAxeVariant() : null")
            if key and key not in self.checked:
                self.checked[key] = Finding(page.url, [_brief(v) for v in violations])

    def check_now(self, page: Page) -> None:
        """Wait for the check of ``page``'s document under way, then check the page as it stands (if that variant
        is new)."""
        if page.is_closed() or getattr(page, "_mp_axe_excused", False):
            return
        with contextlib.suppress(Error):  # the page is navigating or gone
            page.evaluate(  # never forever: a check that cannot finish leaves the variant to its next visit
                "() => window.__mpAxeAgain ? Promise.race([window.__mpAxeAgain(),"
                f" new Promise((done) => setTimeout(done, {AXE_WAIT_MS}))]) : null"
            )

    def excuse(self, page: Page) -> None:
        """Do not check ``page`` any more: a test that breaks the page on purpose (to see a checker find it)."""
        page._mp_axe_excused = True  # type: ignore[attr-defined]
        page.evaluate(  # never forever (see check_now)
            "async () => { window.__mpAxeClaim = undefined; if (window.__mpAxeRun) { await Promise.race("
            f"[window.__mpAxeRun.catch(() => {{}}), new Promise((done) => setTimeout(done, {AXE_WAIT_MS}))]); }} }}"
        )

    def take_findings(self) -> list[Finding]:
        """The findings with violations reported since the last call."""
        found, self.unreported = self.unreported, []
        return found

    def _claim(self, source: dict[str, Any], key: str) -> bool:
        # not marked when claimed: a check cut short by a navigation leaves the variant to the next visit
        if key in self.checked or getattr(source.get("page"), "_mp_axe_by_test", False):
            return False
        try:
            load_axe(source["frame"])
        except Error:  # the document is navigating or gone: its variant waits for the next visit
            return False
        return True

    def _report(
        self, source: dict[str, Any], key: str, url: str, violations: list[dict[str, Any]] | None, failure: str | None
    ) -> None:
        if violations is None:
            violations = [{"rule": "axe-core could not run", "help": failure}]
        finding = Finding(url, violations)
        self.checked[key] = finding
        if violations:
            self.unreported.append(finding)


@functools.cache
def _axe_loader() -> str:
    """A function that defines ``window.axe`` from node_modules' axe-core, for ``evaluate``."""
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: `make test` installs it (npm ci)")
    return "() => { if (typeof axe === 'undefined') {\n" + AXE.read_text(encoding="utf-8") + "\n} }"


def load_axe(frame: Page | Frame) -> None:
    """Put axe-core into ``frame``'s document unless it is there already (asked first: sending and parsing its
    650 kB again costs more than the question). An evaluation, which the page's Content-Security-Policy does not
    govern (a script tag would be refused where ``script-src`` is ``'self'``)."""
    if not frame.evaluate("typeof axe !== 'undefined'"):
        frame.evaluate(_axe_loader())


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Every violation axe-core finds on ``page`` as loaded, with all its rules (WCAG A/AA and best practices)."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: `make test` installs it (npm ci)")
    load_axe(page)  # a page the AxeWatch does not watch, or whose variant it had checked already
    # The watch may be checking this page right now (axe refuses to run twice at once), and its check may wait for
    # this test's Python side (served while this evaluation waits): wait for it to end, never forever
    # (``AXE_WAIT_MS``), then retry while axe says it is busy.
    result = page.evaluate(
        """async (wait) => {
          const pause = (ms) => new Promise((done) => setTimeout(done, ms));
          if (window.__mpAxeRun) { await Promise.race([window.__mpAxeRun.catch(() => {}), pause(wait)]); }
          for (let attempt = 0; attempt < wait / 100; attempt++) {
            try { return await axe.run(document, {resultTypes: ['violations']}); }
            catch (error) { if (!String(error).includes('already running')) throw error; await pause(100); }
          }
          throw new Error(`axe-core stayed busy for ${wait / 1000} s`);
        }""",
        AXE_WAIT_MS,
    )
    violations = list(result["violations"])
    watch = getattr(page.context, "_mp_axe_watch", None)
    if isinstance(watch, AxeWatch):
        watch.record(page, violations)
    return violations


def _brief(violation: dict[str, Any]) -> dict[str, Any]:
    """A violation of ``axe.run`` as the watch's runner reports it (rule, impact, help, first elements)."""
    return {
        "rule": violation["id"],
        "impact": violation["impact"],
        "help": violation["help"],
        "nodes": [n["target"] for n in violation["nodes"][:3]],
    }


def describe(violations: list[dict[str, Any]]) -> str:
    """The violations as a reader wants them: rule, impact, help and the first elements concerned."""
    return json.dumps(
        [
            {"rule": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
            for v in violations
        ],
        indent=1,
    )
