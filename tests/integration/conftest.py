"""Every service and the gateway running as real processes on the real broker and database."""

import os
from pathlib import Path

import pytest

from ledgerline_devstack.testing import PASSWORD, Firm, Organization, running_platform

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def platform():
    with running_platform("it", log_dir=ARTIFACTS / "logs") as running:
        yield running


@pytest.fixture
def org(platform):
    return Organization(platform.settings, platform.url)


# --- a firm with work to bill, set up through the API -------------------------------------------

@pytest.fixture
def firm(org):
    return Firm(org)


# --- a real browser: Debian's Chromium driven by Playwright ---------------------------------------

CHROMIUM = os.environ.get("LEDGERLINE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def fits_the_screen():
    """``fits_the_screen(page, *controls)``: see :func:`assert_fits_the_screen`."""
    return assert_fits_the_screen


def assert_fits_the_screen(page, *controls) -> None:
    """Fails when the page scrolls sideways (something wider than the screen) or when one of
    ``controls`` (locators of the buttons a person must reach) lies partly off the screen —
    clipped by a card or pushed out of a table that scrolls in its box."""
    screen = page.evaluate("window.innerWidth")
    wide = page.evaluate("document.scrollingElement.scrollWidth")
    widest = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'))
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')).slice(0, 5)""")
    assert wide <= screen, f"{page.url} is {wide}px wide on a {screen}px screen: {widest}"
    # A list shown as one card per row must not scroll sideways in its box either.
    cards = page.evaluate("() => [...document.querySelectorAll('table.stack')].map(t => t.scrollWidth)")
    assert all(width <= screen for width in cards), f"cards {cards}px wide on a {screen}px screen on {page.url}"
    for control in controls:
        for index in range(control.count()):
            box = control.nth(index).bounding_box()
            assert box is not None, f"{control} is not shown on {page.url}"
            assert box["x"] >= 0 and box["x"] + box["width"] <= screen, \
                f"{control} runs off the {screen}px screen on {page.url}: {box}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the test, so fixtures can tell a failure at teardown."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"outcome_{report.when}", report)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browse(chromium, platform, request):
    """``browse(viewport=...)`` opens a page in a fresh browser (own cookies) on the running gateway.

    When the test fails, a full-page screenshot of every page it opened is kept in
    test-artifacts/screenshots/.
    """
    contexts = []

    def open_page(viewport: dict | None = None):
        context = chromium.new_context(base_url=platform.url, viewport=viewport or DESKTOP)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    failed = any(getattr(getattr(request.node, f"outcome_{when}", None), "failed", False)
                 for when in ("setup", "call"))
    for number, context in enumerate(contexts):
        if failed:
            folder = ARTIFACTS / "screenshots"
            folder.mkdir(parents=True, exist_ok=True)
            for index, page in enumerate(context.pages):
                page.screenshot(path=str(folder / f"{request.node.name}-{number}-{index}.png"), full_page=True)
        context.close()


@pytest.fixture
def signed_in(browse):
    """``signed_in(user)``: a browser page where ``user`` (an ApiClient) has signed in through the form."""

    def open_as(user, viewport: dict | None = None):
        page = browse(viewport)
        page.goto("/login")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/login" not in url)
        return page

    return open_as
