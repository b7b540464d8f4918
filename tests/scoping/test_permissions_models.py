"""Role assignments: each role is held in exactly its kind of scope, validated through role_assign."""

import pytest
from django.core.exceptions import ValidationError

from permissions.models import RoleAssignment
from permissions.services import role_assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(make_user):
    return make_user("jana.sitar")


def _refused(actor, user, role, **scope) -> ValidationError:
    """Try an assignment that must be refused; check nothing was saved and return the error."""
    before = RoleAssignment.objects.count()
    with pytest.raises(ValidationError) as exc:
        role_assign(actor=actor, user=user, role=role, **scope)
    assert RoleAssignment.objects.count() == before
    return exc.value


def test_a_networker_is_assigned_to_a_district(actor, user, pelhrimov):
    assignment = role_assign(actor=actor, user=user, role="sitar", district=pelhrimov)
    assert (assignment.district, assignment.region, assignment.organization) == (pelhrimov, None, None)
    assert assignment.assigned_by == actor


def test_it_refuses_a_networker_without_a_district(actor, user):
    assert "district" in _refused(actor, user, "sitar").message_dict


def test_it_refuses_a_networker_assigned_to_a_region(actor, user, vysocina):
    error = _refused(actor, user, "sitar", region=vysocina)
    assert {"region", "district"} <= set(error.message_dict)


def test_it_refuses_a_networker_with_a_district_and_also_a_region(actor, user, pelhrimov, vysocina):
    error = _refused(actor, user, "sitar", district=pelhrimov, region=vysocina)
    assert set(error.message_dict) == {"region"}


def test_it_refuses_a_networker_with_a_district_and_also_an_organisation(actor, user, pelhrimov, ospod):
    error = _refused(actor, user, "sitar", district=pelhrimov, organization=ospod)
    assert set(error.message_dict) == {"organization"}


@pytest.mark.parametrize("role", ["poradce", "vedouci"])
def test_a_regional_role_is_assigned_to_a_region(actor, user, vysocina, role):
    assert role_assign(actor=actor, user=user, role=role, region=vysocina).region == vysocina


@pytest.mark.parametrize("role", ["poradce", "vedouci"])
def test_it_refuses_a_regional_role_assigned_to_a_district(actor, user, pelhrimov, role):
    error = _refused(actor, user, role, district=pelhrimov)
    assert {"region", "district"} <= set(error.message_dict)


def test_an_ospod_worker_is_assigned_to_an_ospod(actor, user, ospod):
    assert role_assign(actor=actor, user=user, role="ospod", organization=ospod).organization == ospod


def test_it_refuses_an_ospod_worker_without_an_ospod(actor, user):
    assert "organization" in _refused(actor, user, "ospod").message_dict


def test_it_refuses_an_ospod_worker_assigned_to_an_organisation_that_is_not_an_ospod(actor, user, organization):
    assert set(_refused(actor, user, "ospod", organization=organization).message_dict) == {"organization"}


def test_it_refuses_an_ospod_worker_assigned_to_a_district(actor, user, pelhrimov):
    error = _refused(actor, user, "ospod", district=pelhrimov)
    assert {"organization", "district"} <= set(error.message_dict)


def test_a_national_methodologist_has_the_whole_country(actor, user):
    assignment = role_assign(actor=actor, user=user, role="narodni")
    assert (assignment.region, assignment.district, assignment.organization) == (None, None, None)


def test_it_refuses_a_national_methodologist_limited_to_a_region(actor, user, vysocina):
    assert set(_refused(actor, user, "narodni", region=vysocina).message_dict) == {"region"}


def test_it_refuses_an_unknown_role(actor, user, pelhrimov):
    assert "role" in _refused(actor, user, "king", district=pelhrimov).message_dict


def test_it_refuses_the_same_role_twice_in_the_same_district(actor, user, pelhrimov):
    role_assign(actor=actor, user=user, role="sitar", district=pelhrimov)
    assert _refused(actor, user, "sitar", district=pelhrimov).messages


def test_it_refuses_the_national_role_twice(actor, user):
    role_assign(actor=actor, user=user, role="narodni")
    assert _refused(actor, user, "narodni").messages


def test_a_user_may_hold_a_role_in_several_districts(actor, user, pelhrimov, jihlava):
    role_assign(actor=actor, user=user, role="sitar", district=pelhrimov)
    role_assign(actor=actor, user=user, role="sitar", district=jihlava)
    assert user.role_assignments.count() == 2


def test_a_user_may_hold_several_roles(actor, user, pelhrimov, vysocina):
    role_assign(actor=actor, user=user, role="sitar", district=pelhrimov)
    role_assign(actor=actor, user=user, role="vedouci", region=vysocina)
    assert set(user.role_assignments.values_list("role", flat=True)) == {"sitar", "vedouci"}
