"""The bulk import on a tablet: a file chosen and checked by touch, its bad rows and changes readable without sideways
scrolling, every control at least 44 px, in portrait and landscape; then imported with one tap."""

import pytest

from organizations.models import Organization
from tests.imports.files import fifty_organisations, xlsx
from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

# The check and the import are jobs; they run at once here (tests/conftest.py jobs_at_once), so the job's page passes
# straight on to the batch's report.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("jobs_at_once")]


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_a_file_is_checked_and_imported_on_a_tablet(
    page, live_url, login, browser_user, pelhrimov, shot, tmp_path, viewport
):
    page.set_viewport_size(viewport)
    login(browser_user("import.sitar", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/organizations/")
    page.click("a[href='/organizations/import/']")
    assert too_small(page) == [] and not scrolls_sideways(page)

    bad = tmp_path / "organizace-s-chybami-v-kraji-vysocina-2026.xlsx"
    bad.write_bytes(xlsx(fifty_organisations(broken=True)))
    page.select_option("select[name=entity]", "organization")
    page.set_input_files("input[name=file]", str(bad))
    page.click("main button[type=submit]")
    page.wait_for_url("**/organizations/import/*/")
    assert page.locator("#errors-title").is_visible()
    assert page.locator("form[action$='/confirm/']").count() == 0
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("import-bad-rows")

    good = tmp_path / "organizace.xlsx"
    good.write_bytes(xlsx(fifty_organisations(broken=False)))
    page.goto(f"{live_url}/organizations/import/")
    page.set_input_files("input[name=file]", str(good))
    page.click("main button[type=submit]")
    page.wait_for_url("**/organizations/import/*/")
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("import-checked")
    page.click("form[action$='/confirm/'] button[type=submit]")
    page.wait_for_url("**/organizations/import/*/")
    page.wait_for_selector("#summary-title:has-text('Importováno')")
    assert Organization.objects.filter(name__startswith="Organizace ").count() == 50
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("import-done")
