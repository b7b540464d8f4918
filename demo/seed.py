"""The regional demo in one step: users, members, two years of activity, dated back; and the check that it is there."""

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from demo.activity import ActivityBuilder
from demo.collection import create_past_rounds
from demo.hand_entered import create_hand_entered_duplicate
from demo.links import LinkBuilder, verify_organizations
from demo.regional import MemberBuilder, create_cases
from demo.surveys import create_survey_rounds
from demo.timeline import date_records
from demo.users import ensure_assignments, ensure_users
from demo.world import World
from organizations.models import Organization, OrganizationKind

# The seed of the regional demo: the same data on every run (relative to the day it runs).
SEED = 20260101
# The demo is recognised by this organisation, which the regional generator always creates first.
MARKER = {
    "kind": OrganizationKind.OSPOD,
    "district__code": "6101",
    "name": "Městský úřad Bystřice nad Pernštejnem – OSPOD",
}


@dataclass
class RegionalResult:
    """What seed_regional did: whether it built the demo or found it there, and in how many seconds."""

    created: bool
    seconds: float


def regional_present() -> bool:
    """True when the regional demo is already in the database."""
    return Organization.objects.filter(**MARKER).exists()


@transaction.atomic
def seed_regional(*, password: str) -> RegionalResult:
    """Build the regional demo unless it is there; in both cases set the demo users' password and role assignments."""
    started = timezone.now()
    users = ensure_users(password)
    # The demo's users record the demo's data, so they need their roles first (the services check their scope).
    ensure_assignments(users)
    created = not regional_present()
    if created:
        world = World(rng=random.Random(SEED), today=timezone.localdate(), users=users)
        MemberBuilder(world).build()
        ensure_assignments(users)
        create_cases(world)
        activity = ActivityBuilder(world)
        activity.build()
        verify_organizations(activity)
        links = LinkBuilder(activity).build()
        date_records(world, activity, links)
        create_past_rounds(world)
        create_survey_rounds(world)
        create_hand_entered_duplicate(world)
    return RegionalResult(created, (timezone.now() - started).total_seconds())
