"""Issue 14, item 1: nobody gives or takes a role of their own, an OSPOD role comes only from a superuser or the head of
that OSPOD, and a regional lead gives only the field roles (sitar, poradce) of the own kraj.

On main a regional lead could give themselves the ``ospod`` role of an OSPOD of the kraj (and read its cases) or the
``poradce`` role (a view-only lead turned writer), give the ``ospod`` role of a Jihlava OSPOD to a user of Liberec,
and a superuser could revoke their own role. The rule is ``permissions.rules.ASSIGNS`` with ``may_assign()``;
services, the API, the role page and the admin all go through it. Tests compare ids and rows, never display names.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.errors import OutOfScope
from network.models import Case
from permissions.models import RoleAssignment
from permissions.services import role_assign, role_revoke

pytestmark = pytest.mark.django_db

PAGE = reverse("role-assignments")


@pytest.fixture
def ospod_liberec(make_organization, liberec):
    return make_organization(name="OSPOD Liberec (test)", kind="ospod", district=liberec)


@pytest.fixture
def head(make_role_user, ospod_jihlava):
    """The head of the Jihlava OSPOD (vedoucí OSPOD)."""
    return make_role_user("vedouci.ospod.jihlava", "vedouci_ospod", organization=ospod_jihlava)


@pytest.fixture
def newcomer(make_user):
    return make_user("nova.pracovnice")


def api_assign(api_as, actor, **body):
    return api_as(actor).post("/api/v1/role-assignments/", body, format="json")


def holds(user) -> set[tuple]:
    return set(
        RoleAssignment.objects.filter(user=user).values_list("role", "region_id", "district_id", "organization_id")
    )


# ------------------------------------------------------------------------------------- nobody assigns themselves --


def test_a_lead_cannot_give_themselves_the_ospod_role_of_an_ospod_of_the_kraj_through_the_service(
    vedouci, ospod_jihlava
):
    before = holds(vedouci)
    with pytest.raises(ValidationError) as refused:
        role_assign(actor=vedouci, user=vedouci, role="ospod", organization=ospod_jihlava)
    assert set(refused.value.message_dict) == {"user"}
    assert holds(vedouci) == before
    assert not Case.objects.restrict(vedouci, "view").exists()


def test_a_lead_cannot_give_themselves_the_poradce_role_through_the_service(vedouci, vysocina):
    before = holds(vedouci)
    with pytest.raises(ValidationError) as refused:
        role_assign(actor=vedouci, user=vedouci, role="poradce", region=vysocina)
    assert set(refused.value.message_dict) == {"user"}
    assert holds(vedouci) == before


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(lambda o: {"role": "ospod", "organization": o.pk}, id="ospod"),
        pytest.param(lambda o: {"role": "poradce", "region": "3107"}, id="poradce"),
    ],
)
def test_a_lead_cannot_give_themselves_a_role_through_the_api(api_as, vedouci, ospod_jihlava, body):
    before = holds(vedouci)
    response = api_assign(api_as, vedouci, user=vedouci.username, **body(ospod_jihlava))
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"user"}
    assert holds(vedouci) == before


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(lambda o, v: {"role": "ospod", "organization": o.pk}, id="ospod"),
        pytest.param(lambda o, v: {"role": "poradce", "region": v.pk}, id="poradce"),
    ],
)
def test_a_lead_cannot_give_themselves_a_role_on_the_roles_page(client, vedouci, ospod_jihlava, vysocina, data):
    client.force_login(vedouci)
    before = holds(vedouci)
    response = client.post(PAGE, {"username": vedouci.username, **data(ospod_jihlava, vysocina)})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert holds(vedouci) == before


def test_the_roles_page_names_the_own_user_name_as_the_error_of_a_self_assignment(client, vedouci, vysocina):
    client.force_login(vedouci)
    response = client.post(PAGE, {"username": vedouci.username, "role": "poradce", "region": vysocina.pk})
    assert set(response.context["form"].errors) == {"username"}


def test_a_superuser_cannot_give_themselves_a_role(actor, vysocina, api_as, client):
    with pytest.raises(ValidationError):
        role_assign(actor=actor, user=actor, role="vedouci", region=vysocina)
    assert api_assign(api_as, actor, user=actor.username, role="vedouci", region="3107").status_code == 400
    client.force_login(actor)
    response = client.post(
        reverse("admin:permissions_roleassignment_add"),
        {"user": actor.pk, "role": "vedouci", "region": vysocina.pk, "district": "", "organization": ""},
    )
    assert response.status_code == 200
    assert holds(actor) == set()


def test_a_superuser_cannot_revoke_their_own_role(actor, other_actor, vysocina, api_as, client):
    own = role_assign(actor=other_actor, user=actor, role="vedouci", region=vysocina)
    with pytest.raises(OutOfScope):
        role_revoke(actor=actor, assignment=own)
    assert api_as(actor).delete(f"/api/v1/role-assignments/{own.pk}/").status_code == 404
    client.force_login(actor)
    assert client.post(reverse("role-revoke", args=[own.pk])).status_code == 404
    assert (
        client.post(reverse("admin:permissions_roleassignment_delete", args=[own.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert RoleAssignment.objects.filter(pk=own.pk).exists()
    # Another superuser may.
    role_revoke(actor=other_actor, assignment=own)
    assert not RoleAssignment.objects.filter(pk=own.pk).exists()


def test_a_lead_cannot_revoke_their_own_lead_role(vedouci, api_as):
    own = vedouci.role_assignments.get()
    with pytest.raises(OutOfScope):
        role_revoke(actor=vedouci, assignment=own)
    assert api_as(vedouci).delete(f"/api/v1/role-assignments/{own.pk}/").status_code == 404
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


# ----------------------------------------------------------------------------------- the OSPOD role: who gives it --


def test_a_lead_cannot_give_the_ospod_role_of_a_jihlava_ospod_to_a_liberec_user(
    vedouci, sitar_liberec, ospod_jihlava, api_as, client
):
    before = holds(sitar_liberec)
    with pytest.raises(OutOfScope):
        role_assign(actor=vedouci, user=sitar_liberec, role="ospod", organization=ospod_jihlava)
    response = api_assign(api_as, vedouci, user=sitar_liberec.username, role="ospod", organization=ospod_jihlava.pk)
    assert response.status_code == 403
    client.force_login(vedouci)
    response = client.post(
        PAGE, {"username": sitar_liberec.username, "role": "ospod", "organization": ospod_jihlava.pk}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert holds(sitar_liberec) == before


def test_a_lead_cannot_give_the_ospod_role_even_within_the_kraj(vedouci, newcomer, ospod_jihlava):
    with pytest.raises(OutOfScope):
        role_assign(actor=vedouci, user=newcomer, role="ospod", organization=ospod_jihlava)
    assert holds(newcomer) == set()


def test_a_lead_cannot_revoke_an_ospod_role_of_the_kraj(vedouci, actor, newcomer, ospod_jihlava, api_as):
    assignment = role_assign(actor=actor, user=newcomer, role="ospod", organization=ospod_jihlava)
    with pytest.raises(OutOfScope):
        role_revoke(actor=vedouci, assignment=assignment)
    assert api_as(vedouci).delete(f"/api/v1/role-assignments/{assignment.pk}/").status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_an_ospod_head_gives_and_takes_the_ospod_role_of_its_own_ospod(head, newcomer, ospod_jihlava, api_as):
    response = api_assign(api_as, head, user=newcomer.username, role="ospod", organization=ospod_jihlava.pk)
    assert response.status_code == 201, response.content
    assignment = RoleAssignment.objects.get(pk=response.json()["id"])
    assert (assignment.user_id, assignment.role, assignment.organization_id, assignment.assigned_by_id) == (
        newcomer.pk,
        "ospod",
        ospod_jihlava.pk,
        head.pk,
    )
    assert api_as(head).delete(f"/api/v1/role-assignments/{assignment.pk}/").status_code == 204
    assert holds(newcomer) == set()
    assert list(
        RoleAssignment.history.filter(id=assignment.pk)
        .order_by("history_id")
        .values_list("history_type", "history_user_id")
    ) == [("+", head.pk), ("-", head.pk)]


def test_an_ospod_head_gives_the_ospod_role_on_the_roles_page(client, head, newcomer, ospod_jihlava):
    client.force_login(head)
    response = client.post(PAGE, {"username": newcomer.username, "role": "ospod", "organization": ospod_jihlava.pk})
    assert response.status_code == 302
    assert holds(newcomer) == {("ospod", None, None, ospod_jihlava.pk)}


def test_an_ospod_head_cannot_give_or_take_the_ospod_role_of_another_ospod(
    head, actor, newcomer, ospod, ospod_liberec, api_as
):
    # The Pelhřimov OSPOD is in the head's kraj (the head sees it in the directory), Liberec's is not.
    assert api_assign(api_as, head, user=newcomer.username, role="ospod", organization=ospod.pk).status_code == 403
    response = api_assign(api_as, head, user=newcomer.username, role="ospod", organization=ospod_liberec.pk)
    assert response.status_code == 400 and set(response.json()) == {"organization"}
    with pytest.raises(OutOfScope):
        role_assign(actor=head, user=newcomer, role="ospod", organization=ospod)
    assert holds(newcomer) == set()
    elsewhere = role_assign(actor=actor, user=newcomer, role="ospod", organization=ospod)
    assert api_as(head).delete(f"/api/v1/role-assignments/{elsewhere.pk}/").status_code == 404
    with pytest.raises(OutOfScope):
        role_revoke(actor=head, assignment=elsewhere)
    assert RoleAssignment.objects.filter(pk=elsewhere.pk).exists()


def test_an_ospod_head_gives_no_other_role(head, newcomer, jihlava, vysocina, ospod_jihlava):
    for role, scope in (
        ("sitar", {"district": jihlava}),
        ("poradce", {"region": vysocina}),
        ("vedouci_ospod", {"organization": ospod_jihlava}),
    ):
        with pytest.raises(OutOfScope):
            role_assign(actor=head, user=newcomer, role=role, **scope)
    assert holds(newcomer) == set()


def test_an_ospod_head_sees_the_cases_of_its_own_ospod(head, make_case, ospod_jihlava, ospod, api_as):
    own = make_case(owner=ospod_jihlava)
    make_case(owner=ospod)
    listed = {row["id"] for row in api_as(head).get("/api/v1/cases/").json()["results"]}
    assert listed == {own.pk}


# ------------------------------------------------------------------------------------- what the role page offers --


def test_the_roles_page_offers_a_lead_only_the_field_roles_of_the_kraj(client, vedouci, vysocina):
    client.force_login(vedouci)
    form = client.get(PAGE).context["form"]
    assert {value for value, _ in form.fields["role"].choices} == {"sitar", "poradce"}
    assert set(form.fields["region"].queryset.values_list("pk", flat=True)) == {vysocina.pk}
    assert {d.region_id for d in form.fields["district"].queryset} == {vysocina.pk}
    assert "organization" not in form.fields


def test_the_roles_page_offers_an_ospod_head_only_the_ospod_role_of_its_ospod(client, head, ospod_jihlava, ospod):
    client.force_login(head)
    form = client.get(PAGE).context["form"]
    assert {value for value, _ in form.fields["role"].choices} == {"ospod"}
    assert list(form.fields["organization"].queryset.values_list("pk", flat=True)) == [ospod_jihlava.pk]
    assert "region" not in form.fields and "district" not in form.fields


def test_the_roles_page_offers_a_lead_to_revoke_neither_the_own_role_nor_an_ospod_role(
    client, vedouci, actor, newcomer, ospod_jihlava, jihlava, make_role_user
):
    ospod_role = role_assign(actor=actor, user=newcomer, role="ospod", organization=ospod_jihlava)
    sitar = make_role_user("sitar.jihlava", "sitar", district=jihlava).role_assignments.get()
    client.force_login(vedouci)
    context = client.get(PAGE).context
    assert {vedouci.role_assignments.get().pk, ospod_role.pk, sitar.pk} <= {a.pk for a in context["assignments"]}
    assert context["revocable"] == {sitar.pk}


# ------------------------------------------------------------------------------------------------- the history --


def test_a_leads_roles_page_lists_the_last_twenty_assignments_and_revocations_of_the_kraj(
    client, vedouci, actor, make_user, jihlava, liberec, head, ospod_jihlava
):
    made = []
    for number in range(13):
        assignment = role_assign(actor=vedouci, user=make_user(f"sitar.{number}"), role="sitar", district=jihlava)
        made.append(("+", assignment.pk))
        if number % 2:
            made.append(("-", assignment.pk))
            role_revoke(actor=vedouci, assignment=assignment)
    by_head = role_assign(actor=head, user=make_user("ospod.nova"), role="ospod", organization=ospod_jihlava)
    made.append(("+", by_head.pk))
    elsewhere = role_assign(actor=actor, user=make_user("sitar.liberecka"), role="sitar", district=liberec)

    client.force_login(vedouci)
    changes = client.get(PAGE).context["changes"]

    assert len(changes) == 20
    assert [(change.history_type, change.id) for change in changes] == list(reversed(made))[:20]
    assert elsewhere.pk not in {change.id for change in changes}
    newest = changes[0]
    assert (newest.history_user_id, newest.user_id, newest.role, newest.organization_id) == (
        head.pk,
        by_head.user_id,
        "ospod",
        ospod_jihlava.pk,
    )
    assert all(change.history_date <= changes[0].history_date for change in changes)
    assert isinstance(newest.history_date, datetime.datetime)
