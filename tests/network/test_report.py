"""The ORP network analysis report: it renders as a page, a PDF and a workbook for every demo ORP of Vysočina, its
recommendations are edited by the ORP's networkers with history, and another kraj's networker gets 404.

The demo takes a while to build, so it is built once for the module inside a transaction that is rolled back at the
end; every test runs in a savepoint inside it.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from network.analysis.recommendations import recommendation_update
from network.analysis.report import Table
from network.models import NetworkRecommendation
from organizations.models import Organization
from territory.models import District

pytestmark = pytest.mark.django_db
CHAPTERS = 5


def demo_user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def as_demo_user(client, seeded):
    def login(username: str):
        client.force_login(demo_user(username))
        return client

    return login


def vysocina_orp_with_organisations() -> list[str]:
    codes = Organization.objects.filter(region__code="3107").values_list("district__code", flat=True).distinct()
    return sorted(set(codes))


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", content))


def test_the_routes_have_their_names():
    assert reverse("network-report", args=["6110"]) == "/network/report/6110/"
    assert reverse("network-report-pdf", args=["6110"]) == "/network/report/6110/pdf/"
    assert reverse("network-report-xlsx", args=["6110"]) == "/network/report/6110/xlsx/"


def test_the_report_renders_for_every_demo_orp_of_vysocina(as_demo_user):
    client = as_demo_user("vedouci.vysocina")
    codes = vysocina_orp_with_organisations()
    assert len(codes) >= 2
    for code in codes:
        page = client.get(f"/network/report/{code}/")
        assert page.status_code == 200, code
        html = page.content.decode()
        assert [c.number for c in page.context["report"].chapters] == [1, 2, 3, 4, 5]
        assert html.count('class="chapter card"') == CHAPTERS
        assert District.objects.get(code=code).name in html
        pdf = client.get(f"/network/report/{code}/pdf/")
        assert pdf.status_code == 200, code
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF") and pdf_pages(pdf.content) >= CHAPTERS
        xlsx = client.get(f"/network/report/{code}/xlsx/")
        assert xlsx.status_code == 200, code
        workbook = load_workbook(io.BytesIO(xlsx.content))
        # An overview, then a sheet per table (or per chapter's text), in the order of the chapters.
        chapters = [name.split(".")[0].split(" ")[0] for name in workbook.sheetnames[1:]]
        assert sorted(set(chapters)) == ["1", "2", "3", "4", "5"] and chapters == sorted(chapters)


def test_the_report_names_the_orps_actors_and_metrics(as_demo_user):
    client = as_demo_user("vedouci.vysocina")
    response = client.get("/network/report/6110/")
    report = response.context["report"]
    actors = report.chapters[0].blocks[1]
    # One row per organisation (a list, not a set: two organisations of one name are two rows).
    names = sorted(row[0] for row in actors.rows)
    assert names == sorted(
        Organization.objects.filter(district__code="6110", status="active").values_list("name", flat=True)
    )
    metrics = dict(report.chapters[2].blocks[0].rows)
    assert metrics
    assert report.findings.metrics["nodes"] >= len(names)


def test_the_page_takes_the_kept_metrics_of_the_network_and_a_new_link_shows_at_once(as_demo_user, make_link):
    """The page reads the network's metrics kept for its state (no graph built twice for an unchanged network); a
    link recorded meanwhile is counted on the next request, and the PDF's graph agrees with the page."""
    client = as_demo_user("vedouci.vysocina")
    before = client.get("/network/report/6110/").context["report"]
    assert before.findings.graph is None and before.findings.names
    linked = {pk for pk, values in before.findings.per_organization.items() if values.get("degree")}
    source, target = (
        Organization.objects.filter(district__code="6110", status="active").exclude(pk__in=linked).order_by("pk")[:2]
    )
    make_link(source, target, actor=demo_user("sitar.pelhrimov"))
    after = client.get("/network/report/6110/").context["report"]
    assert after.findings.metrics["edges"] == before.findings.metrics["edges"] + 1
    assert after.findings.per_organization[source.pk]["degree"] == 1
    assert {source.pk, target.pk} <= set(after.findings.names)


def test_the_pdf_keeps_czech_letters_in_a_font_that_has_them(as_demo_user):
    from network.analysis.report_files import pdf_fonts

    assert pdf_fonts()[0] == "DejaVuSans", "install the Debian package fonts-dejavu-core"
    pdf = as_demo_user("vedouci.vysocina").get("/network/report/6110/pdf/").content
    assert b"DejaVuSans" in pdf


# ---------------------------------------------------------------------------------------- recommendations --


def test_a_networker_of_the_orp_writes_the_recommendations_and_they_keep_history(as_demo_user):
    client = as_demo_user("sitar.pelhrimov")
    page = client.get("/network/report/6110/")
    assert page.context["form"] is not None
    assert page.context["form"].initial["based_on"] == 0
    response = client.post("/network/report/6110/", {"text": "Rozšířit NZDM do Pacova.", "based_on": "0"})
    assert response.status_code == 302
    recommendation = NetworkRecommendation.objects.get(district__code="6110")
    assert recommendation.text == "Rozšířit NZDM do Pacova."
    assert recommendation.updated_by.username == "sitar.pelhrimov"
    version = client.get("/network/report/6110/").context["form"].initial["based_on"]
    response = client.post(
        "/network/report/6110/", {"text": "Rozšířit NZDM do Pacova a Humpolce.", "based_on": version}
    )
    assert response.status_code == 302
    history = list(recommendation.history.order_by("history_date").values_list("text", "history_user__username"))
    assert history == [
        ("Rozšířit NZDM do Pacova.", "sitar.pelhrimov"),
        ("Rozšířit NZDM do Pacova a Humpolce.", "sitar.pelhrimov"),
    ]
    page = client.get("/network/report/6110/").content.decode()
    assert "Rozšířit NZDM do Pacova a Humpolce." in page
    pdf_text = as_demo_user("vedouci.vysocina").get("/network/report/6110/xlsx/").content
    workbook = load_workbook(io.BytesIO(pdf_text))
    sheet = next(sheet for sheet in workbook.worksheets if sheet.title.startswith("5 "))
    assert "Rozšířit NZDM do Pacova a Humpolce." in [row[0] for row in sheet.iter_rows(values_only=True)]


def test_an_edit_based_on_an_older_text_is_refused_with_a_czech_message(as_demo_user):
    client = as_demo_user("sitar.pelhrimov")
    client.post("/network/report/6110/", {"text": "První verze."})
    old = client.get("/network/report/6110/").context["form"].initial["based_on"]
    recommendation_update(
        actor=demo_user("sitar.pelhrimov"), district=District.objects.get(code="6110"), text="Mezitím jiná verze."
    )
    response = client.post("/network/report/6110/", {"text": "Přepsáno.", "based_on": old}, HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400
    assert "Záznam se od vašeho načtení změnil" in response.content.decode()
    assert NetworkRecommendation.objects.get(district__code="6110").text == "Mezitím jiná verze."


def test_two_first_texts_written_at_once_do_not_overwrite_each_other(as_demo_user):
    client = as_demo_user("sitar.pelhrimov")
    assert client.get("/network/report/6110/").context["form"].initial["based_on"] == 0
    recommendation_update(
        actor=demo_user("poradce.vysocina"),
        district=District.objects.get(code="6110"),
        text="Napsáno dříve.",
        based_on=0,
    )
    assert client.post("/network/report/6110/", {"text": "Také první.", "based_on": "0"}).status_code == 400
    assert NetworkRecommendation.objects.get(district__code="6110").text == "Napsáno dříve."


def test_a_too_long_text_is_a_field_error_and_nothing_is_saved(as_demo_user):
    client = as_demo_user("sitar.pelhrimov")
    response = client.post("/network/report/6110/", {"text": "x" * 20001})
    assert response.status_code == 400
    assert "Tato hodnota má mít nejvýše 20000 znaků" in response.context["form"].errors["text"][0]
    assert not NetworkRecommendation.objects.filter(district__code="6110").exists()


def test_the_regional_lead_of_the_kraj_writes_the_recommendations_as_the_rules_table_says(as_demo_user):
    lead = as_demo_user("vedouci.vysocina")
    assert lead.get("/network/report/6110/").context["form"] is not None
    assert lead.post("/network/report/6110/", {"text": "Posílit SAS v Pacově.", "based_on": "0"}).status_code == 302
    recommendation = NetworkRecommendation.objects.get(district__code="6110")
    assert (recommendation.text, recommendation.updated_by.username) == ("Posílit SAS v Pacově.", "vedouci.vysocina")


def test_who_may_not_write_there_gets_no_form_and_cannot_post(as_demo_user):
    for username in ("sitar.jihlava", "vedouci.liberec"):
        client = as_demo_user(username)
        page = client.get("/network/report/6110/")
        assert page.status_code == 404 or page.context["form"] is None, username
        assert client.post("/network/report/6110/", {"text": "Ne."}).status_code == 404, username
    advisor = as_demo_user("poradce.vysocina")
    assert advisor.get("/network/report/6110/").context["form"] is not None
    assert not NetworkRecommendation.objects.filter(district__code="6110").exists()


# ------------------------------------------------------------------------------------------------------ scope --


@pytest.mark.parametrize("suffix", ["", "pdf/", "xlsx/"])
def test_a_networker_of_another_kraj_gets_404(as_demo_user, suffix):
    client = as_demo_user("sitar.liberec")
    assert client.get(f"/network/report/6110/{suffix}").status_code == 404
    assert client.get(f"/network/report/nothing/{suffix}").status_code == 404
    assert client.get(f"/network/report/5105/{suffix}").status_code == 200


def test_a_liberec_report_names_nothing_of_vysocina(as_demo_user):
    response = as_demo_user("vedouci.liberec").get("/network/report/5105/")
    report = response.context["report"]
    # Compared by id: the organisations the report is built from all sit in Liberecký kraj.
    used = set(report.findings.organizations) | {
        o.pk for o in [*report.coverage.without_ospod, *report.coverage.isolates, *report.coverage.brokers]
    }
    assert used
    assert set(Organization.objects.filter(pk__in=used).values_list("region__code", flat=True)) == {"3077"}
    assert {d.region.code for d in report.territory.districts} == {"3077"}
    # What its tables print, cell by cell: no name that only an organisation of Vysočina bears (a name both kraje
    # may share is no leak, and a substring test would take "Kotva" for "Kotva – Liberec").
    cells = {
        str(cell)
        for chapter in report.chapters
        for block in chapter.blocks
        if isinstance(block, Table)
        for row in block.rows
        for cell in row
    }
    liberec = set(Organization.objects.exclude(region__code="3107").values_list("name", flat=True))
    only_vysocina = set(Organization.objects.filter(region__code="3107").values_list("name", flat=True)) - liberec
    assert only_vysocina and cells & liberec
    assert not cells & only_vysocina
