"""A report file written in the background, on a tablet: the job's page shows a progress bar and polls (htmx) until
the file is ready, then offers the download, without a reload."""

import pytest
from playwright.sync_api import expect

from core.models import Job
from network.tasks import report_file_task
from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_job_page_polls_until_the_report_file_is_ready(
    page, live_url, login, browser_user, vysocina, pelhrimov, make_organization, shot, viewport
):
    page.set_viewport_size(viewport)
    make_organization(name="Spirála Pelhřimov", district=pelhrimov)
    login(browser_user("vedouci.kraje", "vedouci", region=vysocina))
    # The test's transaction never commits, so the job waits as it would for a busy worker. Requests of the page go
    # through this route: they reach the server only while the test is in a Playwright call, never while it plays
    # the worker below on the connection the live server shares.
    page.route("**/jobs/**", lambda route: route.continue_())
    page.goto(f"{live_url}/network/report/{pelhrimov.code}/")

    page.click(f"form[action='/network/report/{pelhrimov.code}/pdf/job/'] button")
    page.wait_for_url("**/jobs/*/")
    expect(page.locator("progress.job-bar")).to_be_visible()
    expect(page.locator(".job-state")).to_contain_text("Čeká na spuštění")
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("job-waiting")
    page.evaluate("window.notReloaded = true")
    page.wait_for_load_state("networkidle")

    job = Job.objects.get()
    report_file_task.apply(args=(str(job.pk),))  # the worker's turn

    download = page.locator(f"a[href='/jobs/{job.pk}/download/']")
    expect(download).to_be_visible(timeout=10000)
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator(".job-state")).to_contain_text("Hotovo")
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("job-done")
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith(".pdf")
