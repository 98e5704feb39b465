"""The page's layout where a room sees it (issue 21): presentation mode fits a projector's
1920x1080 without scrolling, the table of what it would take for every option fits its column
at 1280x800, and on a 390 px phone the head to head's zero line never runs through a name.
Screenshots go to $OPTIONS_SCREENSHOTS (else a temporary folder) to be looked at."""

from __future__ import annotations

import pytest

import test_serve_browser as page
from test_serve_conference import bundled, open_at
from test_serve_tree import tree

browser, serve, shots = page.browser, page.serve, page.shots  # the same fixtures
WORKSPACES = {"tree": tree, "flat": bundled}


@pytest.mark.parametrize("kind", WORKSPACES)
def test_presentation_mode_fits_1920_by_1080(browser, serve, tmp_path, shots, kind):
    open_at(browser, serve(WORKSPACES[kind](tmp_path / "s")), "#commissioner", (1920, 1080))
    _present(browser)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.save_screenshot(str(shots / f"present-{kind}-1920x1080.png"))
    assert height <= 1080, f"the presentation is {height} px high"
    assert _overflow(browser) == {"#ranking": 0, "#graphs": 0}  # and nothing hidden in a panel


def _present(browser) -> None:
    """Presentation mode on, and its pictures drawn again at their new widths (a moment after
    the switch: until then the desk's drawings are shown, scaled)."""
    browser.execute_script("window.deskBars = document.querySelector('#wbars svg')")
    browser.find_element("id", "present").click()
    page.wait_for(
        browser,
        lambda d: d.execute_script(
            "return document.body.classList.contains('present') && "
            "document.querySelector('#wbars svg') !== window.deskBars"
        ),
        "the weights' bars were not drawn again for presentation mode",
    )
    page.wait_for(browser, lambda d: d.find_elements("css selector", "#graph svg"), "no graph")


def _overflow(browser) -> dict[str, int]:
    """How far each presentation panel's content runs past the panel (px)."""
    return browser.execute_script(
        "return Object.fromEntries(['#ranking', '#graphs'].map(s => { const e = "
        "document.querySelector(s); return [s, Math.max(0, e.scrollHeight - e.clientHeight - 1)]; }))"
    )


def test_an_answer_opened_in_presentation_mode_scrolls_its_panel_not_the_page(
    browser, serve, tmp_path, shots
):
    open_at(browser, serve(bundled(tmp_path / "s")), "#commissioner", (1920, 1080))
    _present(browser)
    browser.find_elements("css selector", "#ranking-table td.first-cell button")[-1].click()
    page.wait_for(
        browser,
        lambda d: d.find_element("id", "switch-answer").text.startswith("What would it take for"),
        "no answer in presentation mode",
    )
    browser.save_screenshot(str(shots / "present-answer-1920x1080.png"))
    height = browser.execute_script("return document.documentElement.scrollHeight")
    assert height <= 1080, f"opening the answer made the page {height} px high"
    seen = browser.execute_script(  # the answer's heading is in view inside the ranking's panel
        "const a = document.getElementById('switch-h').getBoundingClientRect(); const p = "
        "document.getElementById('ranking').getBoundingClientRect(); "
        "return a.top >= p.top && a.bottom <= p.bottom && a.bottom <= innerHeight"
    )
    assert seen


@pytest.mark.parametrize("kind", WORKSPACES)
def test_what_it_would_take_fits_its_column_at_a_desk(browser, serve, tmp_path, shots, kind):
    open_at(browser, serve(WORKSPACES[kind](tmp_path / "s")), "#commissioner", (1280, 800))
    box = browser.find_element("css selector", "#switch-all .scroll")
    wide, room = browser.execute_script(
        "return [arguments[0].scrollWidth, arguments[0].clientWidth]", box
    )
    browser.execute_script("arguments[0].scrollIntoView()", box)
    browser.save_screenshot(str(shots / f"switching-{kind}-1280x800.png"))
    assert wide <= room, f"the table is {wide} px wide in {room} px"


def test_on_a_phone_the_head_to_heads_zero_line_misses_the_names(browser, serve, tmp_path, shots):
    open_at(browser, serve(tree(tmp_path / "s")), "#commissioner", (390, 844))
    crossed = browser.execute_script(
        """
        const svg = document.querySelector('#h2h svg');
        const lines = [...svg.querySelectorAll('line.axis-line')].map((l) => l.getBBox());
        const names = [...svg.querySelectorAll('text.tick')].slice(2).map((t) => t.getBBox());
        return names.filter((n) => lines.some((l) => l.x >= n.x && l.x <= n.x + n.width
          && l.y < n.y + n.height && l.y + l.height > n.y)).length;
        """
    )
    names = browser.execute_script("return document.querySelectorAll('#h2h text.tick').length")
    browser.find_element("id", "h2h").screenshot(str(shots / "h2h-390.png"))
    assert names > 2 and crossed == 0


def test_a_name_with_a_bidi_override_is_shown_as_an_escape(browser, serve, tmp_path, shots):
    """Adversary 10, finding 3: names reached the page with their bidi overrides and C1
    controls, so a right-to-left override reordered the sentence around it, digits included;
    every other output shows them as escapes, and so does the page."""
    ws = bundled(tmp_path / "s")
    path = ws / "options" / "executive-commissioner.toml"
    text = path.read_text().replace(
        'name = "Executive commissioner with an improvement team"',
        'name = "Executive \\u202Erenoissimmoc\\u202C team\\u0085"',
    )
    path.write_text(text)
    open_at(browser, serve(ws), "#commissioner", (1280, 800))
    cells = browser.execute_script(
        "return [...document.querySelectorAll('#ranking-table td.option')].map(c => c.textContent)"
    )
    mine = [c for c in cells if "renoissimmoc" in c]
    assert mine and all("\\u202e" in c and "\\x85" in c for c in mine), cells
    assert not any(ch in "".join(cells) for ch in "\u202e\u202c\x85")
