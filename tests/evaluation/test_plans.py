"""The action plans' screens (issue 19): a step added and changed through its form with field errors in Czech, the
place and the choices scoped (a networker's ORP only, the whole kraj only for kraj roles, an owner of the kraj, a
follow-up the user sees), another kraj's plan 404, overdue steps marked, the exports; and the kraj's open needs grouped
across its ORP whatever their case, diacritics or spaces."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.forms import KRAJ
from evaluation.models import ActionItem, ActionStatus
from evaluation.plans import action_item_create, action_item_update
from meetings.models import NeedStatus
from meetings.services import followup_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(actor, pelhrimov):
    """A step of ORP Pelhřimov's plan."""
    return action_item_create(actor=actor, district=pelhrimov, recommendation="Zřídit NZDM", due_on=None)


def post_step(client, region, **fields):
    data = {"recommendation": "", "step": "", "owner": "", "due_on": "", "status": "planned", "need_category": ""}
    data.update({"indicator": "", "followup": "", "reason": ""})
    data.update({key: "" if value is None else str(value) for key, value in fields.items()})
    return client.post(reverse("plan-step-create", args=[region.code]), data)


def ids(rows) -> list[int]:
    return [row["item"].pk for row in rows]


# ------------------------------------------------------------------------------------------------ the forms --


def test_a_networker_adds_a_step_of_its_orp_after_a_field_error_in_czech(role_people, as_user, vysocina, pelhrimov):
    client = as_user(role_people["sitar"])
    page = client.get(reverse("plan-step-create", args=[vysocina.code]) + f"?orp={pelhrimov.code}")
    assert page.status_code == 200
    assert [value for value, _label in page.context["form"].fields["place"].choices] == [str(pelhrimov.pk)]
    assert page.context["form"].initial["place"] == str(pelhrimov.pk)

    refused = post_step(client, vysocina, place=pelhrimov.pk, recommendation="", due_on="31. 2. 2026")
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert set(errors) == {"recommendation", "due_on"}
    assert errors["recommendation"] == ["Toto pole je vyžadováno."]
    assert not ActionItem.objects.exists()

    saved = post_step(
        client,
        vysocina,
        place=pelhrimov.pk,
        recommendation="Nízkoprahový klub pro 12–15 let",
        owner=role_people["sitar"].pk,
        due_on="2026-09-30",
        need_category="missing_service",
    )
    item = ActionItem.objects.get()
    assert saved.status_code == 302 and saved.url == reverse("plan-orp", args=[pelhrimov.code])
    assert (item.region_id, item.district_id, item.owner_id) == (vysocina.pk, pelhrimov.pk, role_people["sitar"].pk)
    assert item.due_on == datetime.date(2026, 9, 30) and item.need_category == "missing_service"


def test_a_networker_places_no_step_in_another_orp_or_the_whole_kraj(role_people, as_user, vysocina, jihlava):
    client = as_user(role_people["sitar"])
    for place in (jihlava.pk, KRAJ):
        response = post_step(client, vysocina, place=place, recommendation="Krok")
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["place"]
    assert not ActionItem.objects.exists()
    # The service refuses it too, at the place, with nothing kept.
    with pytest.raises(ValidationError) as refused:
        action_item_create(actor=role_people["sitar"], region=vysocina, recommendation="Krok")
    assert "district" in refused.value.message_dict
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("role", ["vedouci", "poradce"])
def test_kraj_roles_add_a_step_of_the_whole_kraj(role_people, as_user, vysocina, role):
    client = as_user(role_people[role])
    page = client.get(reverse("plan-step-create", args=[vysocina.code]))
    assert KRAJ in [value for value, _label in page.context["form"].fields["place"].choices]
    response = post_step(client, vysocina, place=KRAJ, recommendation="Krajská platforma NZDM")
    item = ActionItem.objects.get()
    assert response.status_code == 302 and response.url == reverse("plan", args=[vysocina.code])
    assert (item.region_id, item.district_id) == (vysocina.pk, None)


def test_an_owner_outside_the_kraj_is_refused_at_the_field(role_people, as_user, vysocina, pelhrimov):
    response = post_step(
        as_user(role_people["vedouci"]), vysocina, place=KRAJ, recommendation="Krok", owner=role_people["vedouci_li"].pk
    )
    assert list(response.context["form"].errors) == ["owner"]
    with pytest.raises(ValidationError) as refused:
        action_item_create(
            actor=role_people["vedouci"], district=pelhrimov, recommendation="Krok", owner=role_people["vedouci_li"]
        )
    assert list(refused.value.message_dict) == ["owner"]
    assert not ActionItem.objects.exists()


def test_a_followup_out_of_sight_or_of_another_kraj_is_refused_at_the_field(
    role_people, as_user, actor, make_meeting, vysocina, pelhrimov, liberec
):
    elsewhere = make_meeting(district=liberec)
    foreign = followup_create(actor=actor, meeting=elsewhere, description="Pozvat NZDM Liberec")
    response = post_step(
        as_user(role_people["vedouci"]), vysocina, place=KRAJ, recommendation="Krok", followup=foreign.pk
    )
    assert list(response.context["form"].errors) == ["followup"]
    with pytest.raises(ValidationError) as unseen:
        action_item_create(actor=role_people["vedouci"], district=pelhrimov, recommendation="Krok", followup=foreign)
    assert unseen.value.message_dict["followup"] == ["Vyberte úkol, který vidíte."]
    # Who sees both kraje still links no follow-up of another kraj's meeting.
    with pytest.raises(ValidationError) as other_kraj:
        action_item_create(actor=actor, district=pelhrimov, recommendation="Krok", followup=foreign)
    assert list(other_kraj.value.message_dict) == ["followup"]
    assert not ActionItem.objects.exists()


def test_a_step_is_changed_with_its_followup_and_its_history_shows_it(role_people, as_user, step, make_meeting, actor):
    meeting = make_meeting()
    followup = followup_create(actor=actor, meeting=meeting, description="Projednat s obcí")
    client = as_user(role_people["sitar"])
    url = reverse("plan-step-edit", args=[step.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert followup.pk in [choice.pk for choice in page.context["form"].fields["followup"].queryset]
    assert "place" not in page.context["form"].fields
    data = {
        "recommendation": step.recommendation,
        "step": "Jednání s městem",
        "owner": role_people["sitar"].pk,
        "due_on": "2026-10-31",
        "status": "in_progress",
        "need_category": "",
        "indicator": "",
        "followup": followup.pk,
        "reason": "na poradě",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.status, step.followup_id, step.owner_id) == ("in_progress", followup.pk, role_people["sitar"].pk)
    history = client.get(url).context["history"]
    assert [row["entry"].history_change_reason for row in history] == ["na poradě", "created"]
    assert history[0]["entry"].history_user_id == role_people["sitar"].pk


def test_the_status_changes_from_the_list_and_the_history_names_it(role_people, as_user, step, pelhrimov):
    client = as_user(role_people["sitar"])
    back = reverse("plan-orp", args=[pelhrimov.code])
    response = client.post(reverse("plan-step-status", args=[step.pk]), {"status": "done", "next": back})
    assert response.status_code == 302 and response.url == back
    step.refresh_from_db()
    assert step.status == ActionStatus.DONE
    assert step.history.first().history_change_reason == "status: done"
    # A status that is none of them changes nothing.
    client.post(reverse("plan-step-status", args=[step.pk]), {"status": "forgotten"})
    step.refresh_from_db()
    assert step.status == ActionStatus.DONE


# ------------------------------------------------------------------------------------------------- scoping --


def test_another_krajs_plans_are_not_found(role_people, as_user, vysocina, pelhrimov, step):
    client = as_user(role_people["vedouci_li"])
    for url in (
        reverse("plan", args=[vysocina.code]),
        reverse("plan-orp", args=[pelhrimov.code]),
        reverse("plan-step-create", args=[vysocina.code]),
        reverse("plan-step-edit", args=[step.pk]),
        reverse("needs-across", args=[vysocina.code]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("plan-step-status", args=[step.pk]), {"status": "done"}).status_code == 404
    assert vysocina.code not in client.get(reverse("plan-index")).content.decode()


def test_readers_of_a_plan_change_nothing_in_it(role_people, as_user, vysocina, step):
    """The OSPOD and the national methodologist read the plan; a networker of another ORP reads it too but changes
    only its own ORP's steps."""
    for role in ("ospod", "narodni", "sitar_ji"):
        client = as_user(role_people[role])
        page = client.get(reverse("plan", args=[vysocina.code]))
        assert page.status_code == 200 and ids(page.context["rows"]) == [step.pk]
        assert page.context["rows"][0]["can_change"] is False
        assert client.get(reverse("plan-step-edit", args=[step.pk])).status_code == 404
    for role in ("ospod", "narodni"):
        assert as_user(role_people[role]).get(reverse("plan-step-create", args=[vysocina.code])).status_code == 404


def test_the_plan_lists_steps_with_overdue_marked_and_filters(
    role_people, as_user, actor, vysocina, pelhrimov, jihlava
):
    late = action_item_create(actor=actor, district=pelhrimov, recommendation="A", due_on=datetime.date(2020, 1, 1))
    done = action_item_create(
        actor=actor, district=jihlava, recommendation="B", due_on=datetime.date(2020, 2, 1), status="done"
    )
    kraj = action_item_create(actor=actor, region=vysocina, recommendation="C", due_on=datetime.date(2099, 1, 1))
    client = as_user(role_people["poradce"])
    rows = client.get(reverse("plan", args=[vysocina.code])).context["rows"]
    assert ids(rows) == [late.pk, done.pk, kraj.pk]
    assert [row["overdue"] for row in rows] == [True, False, False]
    assert ids(client.get(reverse("plan", args=[vysocina.code]) + "?status=open").context["rows"]) == [late.pk, kraj.pk]
    assert ids(client.get(reverse("plan", args=[vysocina.code]) + f"?orp={KRAJ}").context["rows"]) == [kraj.pk]
    assert ids(client.get(reverse("plan", args=[vysocina.code]) + f"?orp={jihlava.code}").context["rows"]) == [done.pk]
    assert ids(client.get(reverse("plan-orp", args=[pelhrimov.code])).context["rows"]) == [late.pk]
    assert client.get(reverse("plan", args=[vysocina.code]) + "?status=nonsense").context["rows"] == []


def test_a_linked_followup_is_shown_only_to_who_may_see_it(
    role_people, as_user, actor, make_meeting, vysocina, pelhrimov
):
    meeting = make_meeting()
    followup = followup_create(actor=actor, meeting=meeting, description="Projednat s obcí")
    item = action_item_create(actor=actor, district=pelhrimov, recommendation="A", followup=followup)
    page = as_user(role_people["sitar"]).get(reverse("plan", args=[vysocina.code]))
    assert page.context["rows"][0]["followup"] == followup
    assert reverse("meeting-detail", args=[meeting.pk]) in page.content.decode()
    hidden = as_user(role_people["ospod"]).get(reverse("plan", args=[vysocina.code]))
    assert ids(hidden.context["rows"]) == [item.pk] and hidden.context["rows"][0]["followup"] is None
    assert reverse("meeting-detail", args=[meeting.pk]) not in hidden.content.decode()


def test_an_edit_keeps_a_followup_its_editor_cannot_see(
    role_people, actor, make_meeting, pelhrimov, make_case, as_user
):
    conference = make_meeting(kind="case_conference", case=make_case())
    followup = followup_create(actor=actor, meeting=conference, description="Případová věc")
    item = action_item_create(actor=actor, district=pelhrimov, recommendation="A", followup=followup)
    action_item_update(actor=role_people["sitar"], item=item, data={"status": "in_progress"})
    item.refresh_from_db()
    assert item.followup_id == followup.pk
    form = as_user(role_people["sitar"]).get(reverse("plan-step-edit", args=[item.pk])).context["form"]
    assert "followup" not in form.fields


# ------------------------------------------------------------------------------------------------- exports --


def test_the_plan_exports_as_csv_and_xlsx_with_the_filters(role_people, as_user, actor, vysocina, pelhrimov):
    late = action_item_create(
        actor=actor, district=pelhrimov, recommendation="=Zřídit NZDM", due_on=datetime.date(2020, 1, 1)
    )
    action_item_create(actor=actor, region=vysocina, recommendation="Hotovo", status="done")
    client = as_user(role_people["vedouci"])
    response = client.get(reverse("plan", args=[vysocina.code]) + "?status=open&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0] == vysocina.name and rows[1][1] == pelhrimov.name
    assert rows[1][2] == "'=Zřídit NZDM"  # never a formula
    assert rows[1][-1] == str(late.pk)

    response = client.get(reverse("plan", args=[vysocina.code]) + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert sorted(row[-1] for row in values[1:]) == sorted(ActionItem.objects.values_list("pk", flat=True))


# ----------------------------------------------------------------------------------- needs across the ORP --


def test_the_same_need_in_two_orp_is_one_line_naming_both(
    role_people, as_user, make_need, vysocina, pelhrimov, jihlava, liberec
):
    first = make_need(title="Chybí nízkoprahový klub", district=pelhrimov)
    make_need(title="  chybi NIZKOPRAHOVY   klub ", district=jihlava)
    make_need(title="Chybí nízkoprahový klub", district=pelhrimov, category="capacity")
    make_need(title="Chybí nízkoprahový klub", district=liberec)  # another kraj
    closed = make_need(title="Chybí nízkoprahový klub", district=jihlava)
    closed.status = NeedStatus.DISMISSED
    closed.resolution_note = "mimo"
    closed.save()
    page = as_user(role_people["vedouci"]).get(reverse("needs-across", args=[vysocina.code]))
    assert page.status_code == 200
    lines = [row["group"] for row in page.context["groups"]]
    assert [(line.category, sorted(d.pk for d in line.districts), line.count) for line in lines] == [
        ("missing_service", sorted([pelhrimov.pk, jihlava.pk]), 2),
        ("capacity", [pelhrimov.pk], 1),
    ]
    assert lines[0].title == first.title
    across = page.context["across"]
    assert [(district.pk, total) for district, _counts, total in across.rows] == [(jihlava.pk, 1), (pelhrimov.pk, 2)]
    assert across.total == 3
    assert liberec.name not in page.content.decode()


def test_a_kraj_role_adds_a_line_to_the_krajs_plan_prefilled(role_people, as_user, make_need, vysocina, jihlava):
    make_need(title="Chybí SAS", district=jihlava, category="capacity")
    client = as_user(role_people["vedouci"])
    add_url = client.get(reverse("needs-across", args=[vysocina.code])).context["groups"][0]["add_url"]
    form = client.get(add_url).context["form"]
    assert {name: form.initial.get(name) for name in ("recommendation", "need_category", "place")} == {
        "recommendation": "Chybí SAS",
        "need_category": "capacity",
        "place": KRAJ,
    }
    sitar = as_user(role_people["sitar"]).get(reverse("needs-across", args=[vysocina.code]))
    assert sitar.context["groups"][0]["add_url"] == ""
    assert "Přidat do plánu kraje" not in sitar.content.decode()


def test_an_ospod_counts_only_its_own_needs(role_people, as_user, make_need, make_meeting, ospod, vysocina, jihlava):
    make_need(title="Cizí potřeba", district=jihlava)
    own = make_meeting(organizer=ospod)
    make_need(title="Vlastní potřeba", raised_in=own)
    page = as_user(role_people["ospod"]).get(reverse("needs-across", args=[vysocina.code]))
    assert [row["group"].title for row in page.context["groups"]] == ["Vlastní potřeba"]
    assert page.context["across"].total == 1
