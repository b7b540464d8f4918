"""Free places and waiting time of a service in a real browser on a tablet: updated from the card's service row on a
visit, refused in Czech next to the field when they cannot be true, and shown on the card and in the directory (an old
answer marked as out of date)."""

import datetime

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect

from organizations.models import Service
from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db


def czech_date(day: datetime.date) -> str:
    return date_format(day, "j. n. Y")


@pytest.fixture
def studnice(make_organization, make_service):
    organization = make_organization(name="SAS Studnice")
    families = make_service(organization, name="SAS pro rodiny", capacity=10, capacity_unit="families")
    # An answer from half a year ago: still shown, but as out of date.
    old = timezone.localdate() - datetime.timedelta(days=180)
    make_service(organization, name="Krizová pomoc", capacity=4, free_places=1, waiting_days=0, availability_as_of=old)
    return organization, families


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_free_places_said_on_a_visit_show_on_the_card_and_in_the_directory(
    page, live_url, login, browser_user, pelhrimov, studnice, viewport, shot
):
    organization, families = studnice
    today = czech_date(timezone.localdate())
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/organizations/{organization.pk}/")

    row = page.locator("#services tbody tr", has_text="SAS pro rodiny")
    expect(row.locator(".service-availability")).to_contain_text("neznámo")
    row.locator("summary", has_text="Aktualizovat volná místa").click()
    form = row.locator("form")
    expect(form.locator("input[name=availability_as_of]")).to_have_value(timezone.localdate().isoformat())
    assert too_small(page) == []
    assert not scrolls_sideways(page)
    shot("card-availability-form")

    # More free places than the capacity: refused next to the field, nothing saved.
    form.locator("input[name=free_places]").fill("12")
    form.locator("button[type=submit]").click()
    expect(page.locator(".errorlist")).to_contain_text("Volných míst nemůže být víc, než je kapacita.")
    families.refresh_from_db()
    assert families.free_places is None
    shot("availability-error")

    page.fill("input[name=free_places]", "3")
    page.fill("input[name=waiting_days]", "14")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{live_url}/organizations/{organization.pk}/#services")
    row = page.locator("#services tbody tr", has_text="SAS pro rodiny")
    expect(row.locator(".availability")).to_contain_text("3 volná místa / 10 rodin, čekací doba 14 dní")
    expect(row.locator(".availability")).to_contain_text(f"k {today}")
    old = page.locator("#services tbody tr", has_text="Krizová pomoc")
    expect(old.locator(".availability")).to_contain_text("1 volné místo / 4, bez čekací doby")
    expect(old.locator(".badge.warn")).to_contain_text("zastaralé")
    assert too_small(page) == []
    assert not scrolls_sideways(page)
    shot("card-availability")

    families.refresh_from_db()
    assert (families.free_places, families.waiting_days, families.availability_as_of) == (3, 14, timezone.localdate())
    assert families.history.first().history_user.username == "sitar.pelhrimov"

    # The directory sums the free places and dates them by the oldest answer, which is out of date.
    page.goto(f"{live_url}/organizations/?q=studnice")
    result = page.locator("table.list tbody tr", has_text="SAS Studnice")
    oldest = czech_date(Service.objects.get(name="Krizová pomoc").availability_as_of)
    expect(result).to_contain_text(f"4 volná místa k {oldest}")
    expect(result.locator(".badge.warn", has_text="zastaralé")).to_be_visible()
    assert too_small(page) == []
    assert not scrolls_sideways(page)
    shot("directory-availability")
