"""Helpers for the tests that drive Debian's chromium through Playwright."""

import os
import re
import tempfile
from pathlib import Path

from django.conf import settings

from tests.support.workers import artifacts_subfolder

CHROMIUM = Path("/usr/bin/chromium")
# Chromium's own background traffic would be refused on a closed network; these flags keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
# Every page a browser test looks at is kept here too; `make test` then runs the Nu HTML checker over them (and
# the folders below it). Each xdist worker keeps its own folder (html/gw0, html/gw1): two tests of two workers
# looking at the same page (assert_accessible names it by its URL) write two files, not one at the same time.
HTML_DIR = artifacts_subfolder(Path(settings.BASE_DIR) / "test-artifacts" / "html")
BLOCKING_IMPACTS = {"serious", "critical"}


def save_screenshot(page, name):
    """Keep a full-page PNG under test-artifacts/screenshots/ (ignored by git) for a person to look at."""
    path = SCREENSHOT_DIR / f"{name}.png"
    write_whole(path, page.screenshot(full_page=True))
    save_html(page, name)
    return path


def write_whole(path, content):
    """Write a file under its name in one step (a temporary file renamed): a reader, or another xdist worker
    writing the same name, never meets half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as temporary:
        temporary.write(content)
    os.chmod(temporary.name, 0o644)  # as a plain write would leave it, not the temporary file's 0600
    os.replace(temporary.name, path)


def save_html(page, name):
    """Keep the page's markup for the HTML validity check of `make test`: as the server sends it (read again with
    the tab's cookies; every page the tests look at is safe to GET), not as scripts have changed it since."""
    response = page.request.get(page.url)
    if response.ok and response.headers.get("content-type", "").startswith("text/html"):
        write_whole(HTML_DIR / f"{name}.html", response.body())


def assert_accessible(page):
    """axe-core finds no serious or critical violation on the page as it is now (whose markup is kept too)."""
    from axe_playwright_python.sync_playwright import Axe

    save_html(page, "page-" + re.sub(r"[^A-Za-z0-9]+", "-", page.url.split("//", 1)[-1].split("/", 1)[-1]))

    # No preload: axe's own fetch of the stylesheets resolved portal.css's @import urls against the page, not the
    # stylesheet, and sent some twenty requests per page that answered 404 while the test went on. One carrying the
    # session cookie that a login replaces, answered after the login, deletes the new cookie (Django drops the cookie
    # of a session it finds empty): the likely cause of a newcomer found logged out after confirming their email,
    # once in CI. Preloading only serves the rule on a locked screen orientation, which portal.css does not use.
    options = {"resultTypes": ["violations"], "preload": False}
    violations = [
        violation
        for violation in Axe().run(page, options=options).response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]
    summary = "\n".join(
        f"{violation['impact']}: {violation['id']} — {violation['help']} "
        f"({', '.join(node['target'][0] for node in violation['nodes'][:3])})"
        for violation in violations
    )
    assert not violations, f"axe-core violations on {page.url}:\n{summary}"


def assert_fits_the_width(page, width, *locators):
    """The page scrolls no wider than `width`, and every element the locators find ends inside it."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for locator in locators:
        for element in locator.all():
            box = element.bounding_box()
            assert box["x"] + box["width"] <= width, box


def assert_nothing_wider_than_the_viewport(page):
    """No element the page shows reaches past the right edge of the window (nor starts left of it): nothing to
    scroll sideways to, on the page or inside a scrolling box. Visually hidden text (1 px, clipped) is left out."""
    outside = page.evaluate(
        """() => [...document.body.querySelectorAll('*')].filter(element => {
            const box = element.getBoundingClientRect();
            if (box.width <= 1 || box.height <= 1) return false;
            return box.right > window.innerWidth + 0.5 || box.left < -0.5;
        }).map(element => element.outerHTML.slice(0, 120))"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert not outside, outside


def assert_no_sideways_scroll(page):
    """The page does not scroll sideways at its window's width (document.documentElement.scrollWidth <= clientWidth),
    and nothing sticks out of either edge of the window unless a box that scrolls or clips sideways holds it (a wide
    table in its scroller): in a right-to-left page, what sticks out to the right is not even scrollable to."""
    outside = page.evaluate(
        """() => [...document.body.querySelectorAll('*')].filter(element => {
            const box = element.getBoundingClientRect();
            if (box.width <= 1 || box.height <= 1) return false;
            if (box.right <= window.innerWidth + 0.5 && box.left >= -0.5) return false;
            for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
                if (getComputedStyle(box).overflowX !== 'visible') return false;
            }
            return true;
        }).map(element => element.outerHTML.slice(0, 120))"""
    )
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"
    assert not outside, f"{page.url}: {outside}"
