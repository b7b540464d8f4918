"""The role-assignment page (/roles/): a regional lead sees and manages the field roles of the own kraj, nobody else's;
other users do not get the page at all. Czech is the UI language: the tests read status codes, the form's errors by
field, and the database, never English text."""

import pytest
from django.urls import reverse

from permissions.models import RoleAssignment
from permissions.services import role_assign

pytestmark = pytest.mark.django_db

PAGE = reverse("role-assignments")


def revoke_url(assignment) -> str:
    return reverse("role-revoke", args=[assignment.pk])


@pytest.fixture
def in_vysocina(actor, make_user, jihlava):
    return role_assign(actor=actor, user=make_user("sitar.jihlava"), role="sitar", district=jihlava)


@pytest.fixture
def in_liberec(actor, make_user, liberec, liberecky_kraj):
    role_assign(actor=actor, user=make_user("vedouci.liberec"), role="vedouci", region=liberecky_kraj)
    return role_assign(actor=actor, user=make_user("sitar.liberec"), role="sitar", district=liberec)


@pytest.fixture
def newcomer(make_user):
    return make_user("nova.sitarka")


@pytest.fixture
def lead_client(client, vedouci, in_vysocina, in_liberec):
    client.force_login(vedouci)
    return client


def assign(client, **data):
    return client.post(PAGE, {"username": "nova.sitarka", "role": "sitar", **data})


# ------------------------------------------------------------------------------------------------- seeing --


def test_a_lead_sees_the_assignments_of_the_own_kraj_only(lead_client, vedouci, in_vysocina):
    response = lead_client.get(PAGE)
    assert response.status_code == 200
    assert set(response.context["assignments"]) == {vedouci.role_assignments.get(), in_vysocina}


def test_a_lead_is_offered_to_revoke_the_field_roles_of_the_kraj_but_not_the_own_lead_role(
    lead_client, vedouci, in_vysocina
):
    assert lead_client.get(PAGE).context["revocable"] == {in_vysocina.pk}


def test_a_superuser_sees_every_assignment(client, actor, vedouci, in_vysocina, in_liberec):
    client.force_login(actor)
    assert set(client.get(PAGE).context["assignments"]) == set(RoleAssignment.objects.all())


# ---------------------------------------------------------------------------------------------- assigning --


def test_a_lead_assigns_a_networker_in_a_district_of_the_kraj(lead_client, vedouci, newcomer, jihlava):
    response = assign(lead_client, district=jihlava.pk)
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assignment = newcomer.role_assignments.get()
    assert (assignment.role, assignment.district, assignment.assigned_by) == ("sitar", jihlava, vedouci)


def test_the_assignment_is_in_the_history_with_the_lead_as_its_actor(lead_client, vedouci, newcomer, jihlava):
    assign(lead_client, district=jihlava.pk)
    record = newcomer.role_assignments.get().history.get()
    assert (record.history_type, record.history_user) == ("+", vedouci)


def test_an_unknown_username_is_an_error_on_the_username(lead_client, jihlava):
    before = RoleAssignment.objects.count()
    response = assign(lead_client, username="nikdo.takovy", district=jihlava.pk)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"username"}
    assert RoleAssignment.objects.count() == before


def test_a_networker_role_without_a_district_is_an_error_on_the_district(lead_client, newcomer):
    response = assign(lead_client)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"district"}
    assert not newcomer.role_assignments.exists()


def test_a_lead_cannot_pick_a_district_of_another_kraj(lead_client, newcomer, liberec):
    response = assign(lead_client, district=liberec.pk)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"district"}
    assert not newcomer.role_assignments.exists()


def test_assigning_a_role_the_user_already_holds_is_a_form_error(lead_client, in_vysocina, jihlava):
    response = assign(lead_client, username="sitar.jihlava", district=jihlava.pk)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert in_vysocina.user.role_assignments.count() == 1


def test_a_lead_is_offered_only_the_districts_of_the_own_kraj(lead_client, vysocina):
    districts = lead_client.get(PAGE).context["form"].fields["district"].queryset
    assert {district.region_id for district in districts} == {vysocina.pk}


@pytest.mark.parametrize(
    "role, scope", [pytest.param("vedouci", "region", id="vedouci"), pytest.param("narodni", None, id="narodni")]
)
def test_a_lead_cannot_pick_a_lead_or_national_role(lead_client, newcomer, vysocina, role, scope):
    response = assign(lead_client, role=role, **({scope: vysocina.pk} if scope else {}))
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not newcomer.role_assignments.exists()


# ----------------------------------------------------------------------------------------------- revoking --


def test_a_lead_revokes_an_assignment_of_the_kraj(lead_client, in_vysocina):
    response = lead_client.post(revoke_url(in_vysocina))
    assert (response.status_code, response["Location"]) == (302, PAGE)
    assert not RoleAssignment.objects.filter(pk=in_vysocina.pk).exists()


def test_revoking_an_assignment_in_another_kraj_answers_404(lead_client, in_liberec):
    assert lead_client.post(revoke_url(in_liberec)).status_code == 404
    assert RoleAssignment.objects.filter(pk=in_liberec.pk).exists()


def test_revoking_the_own_lead_role_answers_404(lead_client, vedouci):
    assignment = vedouci.role_assignments.get()
    assert lead_client.post(revoke_url(assignment)).status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_revoking_is_not_done_by_a_get(lead_client, in_vysocina):
    assert lead_client.get(revoke_url(in_vysocina)).status_code == 405
    assert RoleAssignment.objects.filter(pk=in_vysocina.pk).exists()


# ------------------------------------------------------------------------------------------ everybody else --


def test_a_networker_gets_404_for_the_page(client, sitar):
    client.force_login(sitar)
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"username": "sitar.pelhrimov", "role": "sitar"}).status_code == 404


def test_a_networker_gets_404_revoking_an_assignment(client, sitar, in_vysocina):
    client.force_login(sitar)
    assert client.post(revoke_url(in_vysocina)).status_code == 404
    assert RoleAssignment.objects.filter(pk=in_vysocina.pk).exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, in_vysocina):
    for response in (client.get(PAGE), client.post(revoke_url(in_vysocina))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert RoleAssignment.objects.filter(pk=in_vysocina.pk).exists()


# ---------------------------------------------------------------------------------------------------- menu --


@pytest.mark.parametrize("who, shown", [("vedouci", True), ("actor", True), ("sitar", False)])
def test_the_menu_links_the_page_for_leads_and_superusers_only(request, client, who, shown):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("home")).content.decode()
    assert (f'href="{PAGE}"' in page) is shown


def test_the_page_speaks_czech_by_default(lead_client):
    assert 'lang="cs"' in lead_client.get(PAGE).content.decode()
