"""The national catalogue of indicators (issue 19): the starter set loaded by migration, read by every signed-in user,
changed by the national methodologist alone, each change of meaning or rules a new version in the history, bad rules
refused at their field with nothing saved."""

import pytest
from django.core.exceptions import ValidationError

from core.errors import OutOfScope
from evaluation.models import Indicator
from evaluation.services import indicator_update
from evaluation.starter import STARTER_INDICATORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def methodologist(make_role_user):
    return make_role_user("metodik", "narodni")


@pytest.fixture
def networker(make_role_user, pelhrimov):
    return make_role_user("sitar.test", "sitar", district=pelhrimov)


def test_the_starter_set_is_loaded_with_its_rules():
    indicators = {indicator.code: indicator for indicator in Indicator.objects.select_related("at_most")}
    assert set(indicators) == {row[0] for row in STARTER_INDICATORS}
    assert indicators["new_cases"].at_most.code == "children_in_records"
    assert {code for code, item in indicators.items() if item.supplier == "ospod"} >= {
        "children_in_records",
        "case_conferences",
        "individual_plans",
        "children_placed_out",
        "court_measures",
    }
    assert indicators["records_verified"].unit == "percent" and indicators["records_verified"].maximum == 100


def test_the_methodologist_changes_an_indicator_as_a_new_version_with_history(client, methodologist):
    indicator = Indicator.objects.get(code="case_conferences")
    client.force_login(methodologist)
    assert client.get("/evaluation/indicators/").status_code == 200
    form = {
        "name": indicator.name,
        "name_en": indicator.name_en,
        "definition": "Počet případových konferencí svolaných OSPOD v období, i těch vedených jinou organizací.",
        "unit": "count",
        "period": "year",
        "minimum": "0",
        "maximum": "",
        "at_most": "",
        "change_factor": "4",
        "threshold": "5",
        "sort_order": indicator.sort_order,
        "active": "on",
        "reason": "Metodika 2027",
    }
    refused = client.post(f"/evaluation/indicators/{indicator.pk}/", {**form, "maximum": "-1"})
    assert refused.status_code == 200 and "maximum" in refused.context["form"].errors
    indicator.refresh_from_db()
    assert indicator.version == 1
    assert client.post(f"/evaluation/indicators/{indicator.pk}/", form).status_code == 302
    indicator.refresh_from_db()
    assert indicator.version == 2 and indicator.change_factor == 4
    latest = indicator.history.first()
    assert (latest.history_user, latest.history_change_reason, latest.version) == (methodologist, "Metodika 2027", 2)


def test_others_read_the_catalogue_but_cannot_change_it(client, networker):
    indicator = Indicator.objects.get(code="new_cases")
    client.force_login(networker)
    page = client.get("/evaluation/indicators/")
    assert page.status_code == 200 and f"/evaluation/indicators/{indicator.pk}/" not in page.content.decode()
    assert client.get(f"/evaluation/indicators/{indicator.pk}/").status_code == 404
    with pytest.raises(OutOfScope):
        indicator_update(actor=networker, indicator=indicator, data={"definition": "x"})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"minimum": 10, "maximum": 5}, "maximum"),
        ({"change_factor": 1}, "change_factor"),
        ({"unit": "percent", "maximum": 150}, "maximum"),
    ],
)
def test_rules_that_cannot_hold_are_refused_at_their_field(actor, data, field):
    indicator = Indicator.objects.get(code="children_in_records")
    with pytest.raises(ValidationError) as refused:
        indicator_update(actor=actor, indicator=indicator, data=data)
    assert field in refused.value.message_dict
    indicator.refresh_from_db()
    assert indicator.version == 1


def test_an_indicator_cannot_be_at_most_itself(actor):
    indicator = Indicator.objects.get(code="new_cases")
    with pytest.raises(ValidationError) as refused:
        indicator_update(actor=actor, indicator=indicator, data={"at_most": indicator})
    assert "at_most" in refused.value.message_dict
