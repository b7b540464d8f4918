"""Every screen in the menu fits a tablet: no horizontal scrolling and touch targets of at least 44 px, in portrait and
landscape, for each role's menu."""
import pytest

from tests.browser.conftest import TABLET_VIEWPORTS

pytestmark = pytest.mark.django_db

# Links and buttons a finger must hit; inline links inside running text are exempt.
TARGETS = ".topnav a, .topnav button, .button, main button, main input:not([type=hidden]), main select"
MIN_TARGET = 44


def _too_small(page) -> list[str]:
    return page.eval_on_selector_all(TARGETS, f"""els => els
        .filter(e => e.offsetParent !== null)
        .map(e => [e.getBoundingClientRect(), e])
        .filter(([r, e]) => e.type === 'checkbox' || e.type === 'radio' ? r.height < 24 : r.height < {MIN_TARGET})
        .map(([r, e]) => e.outerHTML.slice(0, 80) + ' ' + Math.round(r.height) + 'px')""")


def _scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_every_menu_screen_fits_the_tablet(page, live_url, login, browser_user, pelhrimov, viewport, shot):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    menu = page.eval_on_selector_all(".topnav a", "els => els.map(e => e.getAttribute('href'))")
    problems = {}
    for href in ["/", *menu]:
        if href.startswith("/admin"):
            continue
        page.goto(f"{live_url}{href}")
        found = _too_small(page) + (["scrolls sideways"] if _scrolls_sideways(page) else [])
        if found:
            problems[href] = found
    shot("home")
    assert problems == {}
