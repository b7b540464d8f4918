"""The filters of the list screens speak the user's language: the kraj and ORP by name, codelists by name, the
tablet's date picker, several choices as boxes to tick; a list opens on the user's own place, everything they can see
one tap away (permissions/filters.py)."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def czech(client):
    client.cookies["django_language"] = "cs"
    with translation.override("cs"):
        yield


@pytest.fixture
def two_links(make_organization, make_link, organization, partner, jihlava_town):
    """A link in ORP Pelhřimov and one in ORP Jihlava, both in the networker of Pelhřimov's sight."""
    here = make_link(organization, partner)
    agentura = make_organization(name="Agentura Jihlava", municipality=jihlava_town)
    skola = make_organization(name="ZŠ Jihlava", kind="school", municipality=jihlava_town)
    return here, make_link(agentura, skola)


def listed(response) -> set[int]:
    return {link.pk for link in response.context["object_list"]}


def test_a_networker_s_list_opens_on_their_own_orp_and_everything_is_one_tap_away(as_user, sitar, pelhrimov, two_links):
    here, elsewhere = two_links
    client = as_user(sitar)

    opened = client.get(reverse("link-list"))
    assert listed(opened) == {here.pk}
    assert opened.context["filter"].form["district"].value() == pelhrimov.code
    own, everything = opened.context["place_switch"]
    assert own["current"] and not everything["current"]

    whole = client.get(reverse("link-list") + everything["url"])
    assert listed(whole) == {here.pk, elsewhere.pk}
    own, everything = whole.context["place_switch"]
    assert everything["current"] and not own["current"]
    assert listed(client.get(reverse("link-list") + own["url"])) == {here.pk}


def test_a_regional_advisor_opens_on_the_kraj_and_a_superuser_on_everything(
    as_user, poradce, make_user, vysocina, two_links
):
    opened = as_user(poradce).get(reverse("link-list"))
    assert opened.context["filter"].form["region"].value() == vysocina.code
    assert len(listed(opened)) == 2

    admin = as_user(make_user("spravce", is_superuser=True)).get(reverse("link-list"))
    assert admin.context["place_switch"] == [] and len(listed(admin)) == 2


def test_the_territory_is_picked_by_name_among_what_the_user_can_see(as_user, sitar, pelhrimov, jihlava, liberec):
    field = as_user(sitar).get(reverse("link-list")).context["filter"].form.fields["district"]
    codes = {value for value, _label in field.choices if value}
    assert {pelhrimov.code, jihlava.code} <= codes and liberec.code not in codes
    assert (pelhrimov.code, pelhrimov.name) in field.choices


def test_an_unknown_orp_is_an_error_next_to_the_filter_and_lists_nothing(as_user, sitar, two_links, liberec):
    response = as_user(sitar).get(reverse("link-list") + f"?district={liberec.code}")
    assert response.status_code == 200 and listed(response) == set()
    assert "district" in response.context["filter"].form.errors


def test_the_filter_labels_are_czech_and_never_name_codes(czech, as_user, sitar):
    page = as_user(sitar).get(reverse("link-list")).content.decode()
    assert "ČSÚ" not in page and "(kód" not in page and "Kind" not in page and "Status:" not in page
    assert "Druh" in page and "Vše, co vidím" in page


@pytest.mark.parametrize("url_name", ["meeting-list", "need-board", "followup-list"])
def test_the_meeting_need_and_follow_up_filters_are_pickers_without_codes(
    czech, as_user, sitar, pelhrimov, jihlava, liberec, url_name
):
    response = as_user(sitar).get(reverse(url_name))
    form = response.context["filter"].form
    choices = dict(form.fields["district"].choices)
    assert choices[pelhrimov.code] == pelhrimov.name and jihlava.code in choices and liberec.code not in choices
    page = response.content.decode()
    assert "ČSÚ" not in page and "(kód" not in page
    assert 'type="date"' in page


def test_the_needs_board_offers_target_groups_by_name_and_categories_as_boxes_to_tick(
    czech, as_user, sitar, families_with_children
):
    form = as_user(sitar).get(reverse("need-board")).context["filter"].form
    assert (families_with_children.code, str(families_with_children)) in form.fields["target_group"].choices
    assert form.fields["category"].widget.input_type == "checkbox"
