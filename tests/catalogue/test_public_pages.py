"""The families' public catalogue (/katalog/) on the demo, without signing in: the search by place, life situation,
kind and words finds exactly the public services that serve the place; a service's page; crisis help on every page;
nothing of the staff's work anywhere; public caching without a cookie or a CSRF token; the embeddable box; and the
national methodologist's table of life situations.

The demo is built once for the module inside a transaction rolled back at its end.
"""

import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.settings import api_settings

from catalogue.models import LifeSituation
from organizations.models import Service
from territory.models import District, Municipality
from tests.catalogue.public_data import leaked, public_service_ids

pytestmark = pytest.mark.django_db
SERVICE_LINK = re.compile(r'href="/katalog/sluzba/(\d+)/')


def serving_ids(district: District) -> set[int]:
    """Public services serving the ORP: seated there, or listing it among the districts they serve."""
    services = Service.objects.filter(pk__in=public_service_ids())
    return set(services.filter(Q(served_districts=district) | Q(district=district)).values_list("pk", flat=True))


def found_ids(client, **params) -> set[int]:
    """The services listed by the search, over every page of its results (the crisis box's links left out)."""
    ids, page = set(), 1
    while True:
        response = client.get("/katalog/", {**params, "strana": page})
        assert response.status_code == 200
        html = response.content.decode()
        results = html.split('id="results-title"', 1)[1]
        ids |= {int(pk) for pk in SERVICE_LINK.findall(results)}
        if 'rel="next"' not in html:
            return ids
        page += 1


@pytest.fixture
def anonymous(client, seeded):
    return client


def test_the_search_by_place_and_situation_finds_exactly_the_services_that_help(anonymous):
    pelhrimov = District.objects.get(code="6110")
    debts = LifeSituation.objects.get(code="debts")
    helping = set(
        Service.objects.filter(
            Q(kind__in=debts.kinds.all()) | Q(target_groups__in=debts.target_groups.all())
        ).values_list("pk", flat=True)
    )
    expected = serving_ids(pelhrimov) & helping
    assert expected
    assert found_ids(anonymous, misto="pelhrimov", situace="debts") == expected
    # An obec of the ORP leads to the same services; the ORP itself too.
    obec = Municipality.objects.filter(district=pelhrimov).exclude(name="Pelhřimov").first()
    assert found_ids(anonymous, obec=obec.code, situace="debts") == expected
    assert found_ids(anonymous, orp="6110") == serving_ids(pelhrimov)


def test_a_name_shared_by_obce_in_several_orp_asks_which_one(anonymous):
    shared = Counter(Municipality.objects.values_list("name", flat=True))
    name = next(
        name
        for name, count in shared.most_common(50)
        if Municipality.objects.filter(name=name).values("district").distinct().count() > 1
    )
    html = anonymous.get("/katalog/", {"misto": name}).content.decode()
    offered = set(re.findall(r"obec=(\d{6})", html))
    assert offered == set(Municipality.objects.filter(name=name).values_list("code", flat=True))
    assert 'id="results-title"' not in html


def test_bad_choices_are_errors_at_their_field(anonymous):
    html = anonymous.get("/katalog/", {"misto": "qqqxxx"}).content.decode()
    assert 'id="misto-error"' in html and 'aria-invalid="true"' in html
    response = anonymous.get("/katalog/", {"situace": "nonsense", "obec": "999999"})
    assert response.status_code == 200 and 'id="results-title"' not in response.content.decode()
    assert anonymous.get("/katalog/", {"strana": "abc"}).status_code == 200


def test_a_service_page_shows_only_a_public_service(anonymous):
    service = Service.objects.filter(pk__in=public_service_ids(), organization__municipality__isnull=False).first()
    html = anonymous.get(f"/katalog/sluzba/{service.pk}/").content.decode()
    assert service.organization.name in html and "116 111" in html
    hidden = Service.objects.exclude(pk__in=public_service_ids())
    assert hidden.filter(published=False).exists() and hidden.filter(active_until__lt=timezone.localdate()).exists()
    for pk in hidden.values_list("pk", flat=True)[:40]:
        missing = anonymous.get(f"/katalog/sluzba/{pk}/")
        assert missing.status_code == 404 and not missing.cookies
    html = missing.content.decode()  # no name of the service, but the crisis lines and the way back to the search
    assert Service.objects.get(pk=pk).name not in html and "116 111" in html and 'href="/katalog/"' in html


def test_nothing_of_the_staff_work_is_on_the_public_pages(anonymous):
    pages = [anonymous.get("/katalog/").content.decode()]
    for district in District.objects.filter(services__isnull=False).distinct()[:12]:
        pages.append(anonymous.get("/katalog/", {"orp": district.code}).content.decode())
    for pk in sorted(public_service_ids()):
        pages.append(anonymous.get(f"/katalog/sluzba/{pk}/").content.decode())
    everything = "\n".join(pages)
    assert not leaked(everything)


def test_public_pages_set_no_cookie_and_are_cacheable_by_anyone(anonymous):
    for url in ("/katalog/", "/katalog/?misto=pelhrimov&situace=debts", "/katalog/pro-weby/", "/katalog/vlozit/"):
        response = anonymous.get(url)
        assert response.status_code == 200 and not response.cookies, url
        assert "public" in response["Cache-Control"] and "csrfmiddlewaretoken" not in response.content.decode()
        assert anonymous.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    html = anonymous.get("/katalog/").content.decode()
    assert "116 111" in html and 'lang="cs"' in html


def test_english_is_one_tap_away(anonymous):
    czech = anonymous.get("/katalog/")
    assert 'href="/katalog/?lang=en"' in czech.content.decode()
    english = anonymous.get("/katalog/", {"lang": "en"})
    assert english["Content-Language"] == "en" and 'lang="en"' in english.content.decode()
    assert english["ETag"] != czech["ETag"]
    assert LifeSituation.objects.get(code="debts").name_en in english.content.decode()


def test_the_obec_suggestions(anonymous):
    fragment = anonymous.get("/katalog/mista/", {"misto": "pelhrim"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "obec=" in fragment
    codes = set(re.findall(r"obec=(\d{6})", fragment))
    assert Municipality.objects.get(name="Pelhřimov").code in codes
    page = anonymous.get("/katalog/mista/", {"misto": "pelhrim"}).content.decode()
    assert "<html" in page and "116 111" in page


def test_the_embeddable_box_may_be_framed_by_other_sites(anonymous):
    response = anonymous.get("/katalog/vlozit/")
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert 'target="_blank"' in response.content.decode()
    assert anonymous.get("/katalog/").get("X-Frame-Options") == "DENY"
    help_page = anonymous.get("/katalog/pro-weby/").content.decode()
    assert "&lt;iframe src=&quot;http://testserver/katalog/vlozit/&quot;" in help_page


def test_pages_are_throttled_per_address(anonymous):
    from django.conf import settings

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "public": "2/minute"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        codes = [anonymous.get("/katalog/pro-weby/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_methodologist_keeps_the_table_of_life_situations(client, seeded):
    users = get_user_model().objects
    debts = LifeSituation.objects.get(code="debts")
    url = f"/katalog/situace/{debts.pk}/"
    client.force_login(users.get(username="sitar.pelhrimov"))
    assert client.get("/katalog/situace/").status_code == 200
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x"}).status_code == 404

    client.force_login(users.get(username="narodni"))
    assert 'href="/katalog/situace/"' in client.get("/").content.decode()  # in the menu
    kinds = list(debts.kinds.values_list("pk", flat=True))
    form = {
        "name": "Dluhy, exekuce a insolvence",
        "name_en": debts.name_en,
        "description": debts.description,
        "description_en": debts.description_en,
        "kinds": kinds[:1],
        "target_groups": [],
        "sort_order": debts.sort_order,
        "reason": "Metodika 2027",
    }
    assert client.post(url, {**form, "name": ""}).status_code == 200  # the error at its field, nothing saved
    debts.refresh_from_db()
    assert debts.name != "Dluhy, exekuce a insolvence"
    assert client.post(url, form).status_code == 302
    debts.refresh_from_db()
    assert debts.name == "Dluhy, exekuce a insolvence" and list(debts.kinds.values_list("pk", flat=True)) == kinds[:1]
    entry = debts.history.latest()
    assert entry.history_user.username == "narodni" and entry.history_change_reason == "Metodika 2027"
    client.logout()
    assert "Dluhy, exekuce a insolvence" in client.get("/katalog/").content.decode()


def test_a_search_runs_the_same_few_queries_however_many_services_it_finds(anonymous):
    anonymous.get("/katalog/")  # the small tables (situations, kinds) are read once per state and process
    counts = {}
    districts = District.objects.filter(services__isnull=False).distinct().order_by("code")[:3]
    for district in districts:
        with CaptureQueriesContext(connection) as captured:
            anonymous.get("/katalog/", {"orp": district.code, "situace": "crisis"})
        counts[district.code] = len(captured)
    assert len(set(counts.values())) == 1 and max(counts.values()) <= 20, counts
    with CaptureQueriesContext(connection) as captured:  # the same address again: the copy kept for this state
        anonymous.get("/katalog/", {"orp": districts[0].code, "situace": "crisis"})
    assert len(captured) <= 3
