"""What a person does in the browser, written once for the browser tests."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from demo.seed_articles import demo_totp_key
from tests.helpers import code_for

# At the repository root; git ignores it.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
SEED_ARTICLE = "/articles/what-does-leukopenia-with-neutropenia-indicate/"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the style guide promises.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def open_tab(browser, *, width: int = 1280):
    """A tab in a browser context of its own: a person with their own cookies."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    # Fail in seconds, not Playwright's default half-minute, when something is missing.
    context.set_default_timeout(10_000)
    return context.new_page()


def log_in(page, base_url: str, username: str, password: str) -> None:
    """Log in through the admin's forms, as a person does: password, then the code
    their authenticator app shows. Demo accounts' app secrets are public (derived from
    the name), so the code is worked out here without touching the database, which
    the browser's thread must not do (see conftest.browser)."""
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/verify/?next=*")
    page.get_by_label("Six-digit code").fill(code_for(bytes.fromhex(demo_totp_key(username))))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base_url}/admin/")


def focused(page) -> dict:
    """The element that has the keyboard focus: its id, tag, name and text."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                id: el.id, tag: el.tagName.toLowerCase(), name: el.getAttribute("name"),
                text: (el.innerText || "").trim(),
            };
        }"""
    )


def tab_until(page, matches, *, limit: int = 60) -> list[dict]:
    """Press Tab until the focused element satisfies ``matches``; return what the focus
    passed through on the way (the last entry is the element reached)."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        path.append(focused(page))
        if matches(path[-1]):
            return path
    raise AssertionError(f"Tab never reached the element after {limit} presses: {path}")


def focus_is_visible(page) -> bool:
    """Whether the focused element draws a focus outline."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
        }"""
    )


def axe_violations(page) -> list[dict]:
    """The WCAG 2.2 A/AA violations axe-core finds on the current page."""
    results = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"]


def describe_violations(where: str, violations: list[dict]) -> str:
    """One readable paragraph per rule, with every element it found."""
    lines = []
    for violation in violations:
        lines.append(
            f"{where}: {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.append(f"        {summary}")
    return "\n".join(lines)
