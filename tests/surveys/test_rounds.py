"""Who sees, starts and changes partner survey rounds, and what a round's set-up refuses (by field)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.errors import OutOfScope
from surveys.models import RoundStatus, SurveyParticipant, SurveyRefusal, SurveyRound
from surveys.selectors import round_candidates, round_places
from surveys.services import QuestionInput, round_open, round_save
from tests.surveys.conftest import default_questions, form_data

pytestmark = pytest.mark.django_db


def test_a_sitar_starts_a_round_of_their_orp_and_sees_it_in_the_list(make_round, sitar, four, as_user):
    round_ = make_round()
    assert round_.status == RoundStatus.DRAFT and round_.owner == sitar
    assert set(round_.participants.values_list("organization_id", flat=True)) == {o.pk for o, _c in four}
    assert round_.questions.count() == 7
    page = as_user(sitar).get(reverse("survey-list"))
    assert f'data-round="{round_.pk}"' in page.content.decode()


def test_a_sitar_may_not_start_a_round_of_another_orp_or_of_the_kraj(make_round, jihlava, vysocina, four):
    with pytest.raises(ValidationError) as refused:
        make_round(district=jihlava)
    assert "organizations" in refused.value.message_dict  # the organisations are not in Jihlava
    with pytest.raises(ValidationError) as refused:
        make_round(district=None, region=vysocina)
    assert "district" in refused.value.message_dict
    assert not SurveyRound.objects.exists()


def test_a_poradce_starts_a_kraj_round(make_round, poradce, vysocina, pelhrimov, sitar):
    round_ = make_round(actor=poradce, district=None, region=vysocina)
    assert round_.district is None and round_.region == vysocina
    districts, regions = round_places(poradce)
    assert list(regions) == [vysocina] and pelhrimov in districts
    assert list(round_places(sitar)[0]) == [pelhrimov] and not round_places(sitar)[1].exists()


def test_who_sees_a_round(make_round, role_people, sitar_liberec, as_user):
    round_ = make_round()
    url = reverse("survey-round", args=[round_.pk])
    for key in ("poradce", "vedouci", "ospod", "narodni", "sitar_ji"):
        assert as_user(role_people[key]).get(url).status_code == 200, key
    assert as_user(role_people["vedouci_li"]).get(url).status_code == 404
    assert as_user(sitar_liberec).get(url).status_code == 404
    assert not SurveyRound.objects.restrict(sitar_liberec, "view").exists()


def test_only_the_owner_changes_a_round(make_round, poradce, sitar, as_user):
    round_ = make_round()
    assert SurveyRound.objects.restrict(poradce, "view").filter(pk=round_.pk).exists()
    assert not SurveyRound.objects.restrict(poradce, "change").exists()
    with pytest.raises(OutOfScope):
        round_open(actor=poradce, round_=round_)
    assert as_user(poradce).post(reverse("survey-action", args=[round_.pk, "open"])).status_code == 404
    assert as_user(poradce).get(reverse("survey-edit", args=[round_.pk])).status_code == 404
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT
    round_open(actor=sitar, round_=round_)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN and round_.opened_at is not None


def test_an_ospod_worker_may_not_start_a_round(role_people, as_user):
    assert as_user(role_people["ospod"]).get(reverse("survey-create")).status_code == 404


def test_the_setup_refuses_by_field(make_round, four, sitar, pelhrimov):
    with pytest.raises(ValidationError) as refused:
        make_round(deadline=timezone.localdate() - datetime.timedelta(days=1), members=four[:1])
    errors = refused.value.message_dict
    assert set(errors) >= {"deadline", "organizations"}
    questions = [q for q in default_questions() if q.code != "frequency"]
    with pytest.raises(ValidationError) as refused:
        make_round(questions=questions)
    assert "questions" in refused.value.message_dict
    (org, contact), (other, other_contact) = four[:2]
    with pytest.raises(ValidationError) as refused:
        round_save(
            actor=sitar,
            title="x",
            district=pelhrimov,
            region=None,
            deadline=timezone.localdate() + datetime.timedelta(days=3),
            respondents={org.pk: other_contact.pk, other.pk: other_contact.pk},
            questions=default_questions(),
        )
    assert f"contact-{org.pk}" in refused.value.message_dict


def test_the_questions_are_editable_per_round(make_round):
    questions = default_questions()
    questions[0] = QuestionInput("frequency", "frequency", "Jak často s nimi pracujete?")
    questions = [q for q in questions if q.code != "referrals"] + [QuestionInput("training", "value", "Školení?")]
    round_ = make_round(questions=questions)
    assert list(round_.questions.values_list("code", "text"))[0] == ("frequency", "Jak často s nimi pracujete?")
    codes = set(round_.questions.values_list("code", flat=True))
    assert "referrals" not in codes and "training" in codes


def test_the_new_round_page_preselects_the_organisations_and_saves_a_draft(four, sitar, pelhrimov, as_user):
    client = as_user(sitar)
    first = client.get(reverse("survey-create"))
    assert first.status_code == 200 and f"d-{pelhrimov.pk}" in first.content.decode()
    page = client.get(reverse("survey-create"), {"territory": f"d-{pelhrimov.pk}"})
    form = page.context["form"]
    for organization, contact in four:
        assert form[f"org-{organization.pk}"].initial is True
        assert form[f"contact-{organization.pk}"].initial == contact.pk
    data = form_data(form, title="Průzkum", deadline=(timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    data["question-1-remove"] = "on"
    data["question-7-section"] = "value"
    data["question-7-text"] = "Přináší vám školení?"
    response = client.post(reverse("survey-create"), data)
    assert response.status_code == 302, response.context["form"].errors
    round_ = SurveyRound.objects.get()
    assert round_.participants.count() == 4
    codes = list(round_.questions.values_list("code", flat=True))
    assert "reliability" not in codes and len(codes) == 7


@pytest.mark.usefixtures("compiled_catalogue")
def test_the_form_shows_czech_errors_at_the_fields(four, sitar, pelhrimov, as_user):
    client = as_user(sitar)
    data = {
        "territory": f"d-{pelhrimov.pk}",
        "title": "",
        "deadline": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        f"org-{four[0][0].pk}": "on",
        f"contact-{four[0][0].pk}": str(four[0][1].pk),
        "question-0-code": "frequency",
        "question-0-text": "Jak často?",
    }
    response = client.post(reverse("survey-create"), data, HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Toto pole je vyžadováno."]
    data["title"] = "Průzkum"
    response = client.post(reverse("survey-create"), data, HTTP_ACCEPT_LANGUAGE="cs")
    form = response.context["form"]
    assert form.errors["deadline"] == ["Termín musí být v budoucnosti."]
    assert form.extra_errors["organizations"] == ["Vyberte alespoň dvě organizace."]
    assert not SurveyRound.objects.exists()


def test_a_contact_who_refused_is_not_offered_again(make_round, four, sitar, pelhrimov):
    SurveyRefusal.objects.create(contact=four[0][1])
    candidates = {c.organization.pk: c for c in round_candidates(user=sitar, district=pelhrimov, region=None)}
    assert candidates[four[0][0].pk].contacts == [] and candidates[four[0][0].pk].refused == [four[0][1]]
    with pytest.raises(ValidationError) as refused:
        make_round()
    assert f"contact-{four[0][0].pk}" in refused.value.message_dict
    make_round(members=four[1:])
    assert not SurveyParticipant.objects.filter(contact=four[0][1]).exists()


def test_the_owner_edits_a_draft_and_no_longer_once_it_is_open(make_round, four, sitar, as_user):
    round_ = make_round(members=four[:3])
    client = as_user(sitar)
    page = client.get(reverse("survey-edit", args=[round_.pk]))
    form = page.context["form"]
    assert form[f"org-{four[3][0].pk}"].initial is False and form[f"org-{four[0][0].pk}"].initial is True
    data = form_data(form, title="Přejmenovaný průzkum", deadline=round_.deadline.isoformat())
    assert client.post(reverse("survey-edit", args=[round_.pk]), data).status_code == 302
    round_.refresh_from_db()
    assert round_.title == "Přejmenovaný průzkum" and round_.participants.count() == 4
    round_open(actor=sitar, round_=round_)
    assert client.get(reverse("survey-edit", args=[round_.pk])).status_code == 404
    with pytest.raises(ValidationError):
        round_save(
            actor=sitar,
            round_=round_,
            title="x",
            district=round_.district,
            region=None,
            deadline=round_.deadline,
            respondents={o.pk: c.pk for o, c in four},
            questions=default_questions(),
        )
