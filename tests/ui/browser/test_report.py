"""The ORP report on a tablet (item 12 of issue 16): the regional lead of the kraj writes its recommendations, and a
report file that is ready downloads at once, without the detour through the job's page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.models import Job, JobState
from network.models import NetworkRecommendation
from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_regional_lead_writes_the_recommendations_and_a_ready_file_downloads_at_once(
    page, live_url, login, browser_user, vysocina, pelhrimov, make_organization, viewport, shot
):
    page.set_viewport_size(viewport)
    make_organization(name="Spirála Pelhřimov")
    lead = browser_user("vedouci.vysocina", "vedouci", region=vysocina)
    login(lead)
    page.goto(f"{live_url}/network/report/{pelhrimov.code}/")
    text = page.locator("textarea[name=text]")
    expect(text).to_be_visible()
    text.fill("Posílit sociálně aktivizační služby v Pacově.")
    text.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    page.wait_for_url(f"**/network/report/{pelhrimov.code}/**")
    recommendation = NetworkRecommendation.objects.get(district=pelhrimov)
    assert (recommendation.text, recommendation.updated_by_id) == (
        "Posílit sociálně aktivizační služby v Pacově.",
        lead.pk,
    )
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("report-recommendations")

    # The PDF the lead had written a moment ago (after the recommendations changed) is ready: the button downloads it.
    ready = Job.objects.create(
        user=lead,
        kind="report",
        title="Analýza sítě ORP Pelhřimov (PDF)",
        params={"district": pelhrimov.code, "format": "pdf", "language": "cs"},
        state=JobState.DONE,
        finished_at=timezone.now(),
        output=b"%PDF-1.4 ready",
        output_name="analyza-site-6110.pdf",
        output_type="application/pdf",
    )
    with page.expect_download() as info:
        page.click(f"form[action='/network/report/{pelhrimov.code}/pdf/job/'] button")
    assert info.value.suggested_filename == "analyza-site-6110.pdf"
    assert Job.objects.filter(user=lead).count() == 1 and Job.objects.get(user=lead).pk == ready.pk
