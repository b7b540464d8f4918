"""Dating the regional demo's records back to when they entered the network's life, history included.

The services stamp records "now"; a demo of two years would then say that every organisation, service and link was
recorded today, after the meetings that mention them. Each record's creation (its created_at and its first history
row) is moved to the day it first appeared: an organisation on the day of its first meeting or case, a link on the
day of its first evidence.
"""

import datetime

from django.utils import timezone

from contacts.models import Contact
from demo.bulk import backdate
from meetings.models import FollowUp, Meeting, Need
from network.models import Case, CaseInvolvement, CooperationLink
from organizations.models import Organization, Service


def date_records(world, activity, links: list) -> None:
    """Move the creation of every record of the regional demo to the day it first appeared (links: with evidence)."""
    rng, now = world.rng, timezone.now()

    def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return min(now, timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute))))

    first_day = dict(activity.first_seen)
    for case in world.cases:
        for pk in [case.ospod_id, *(i.organization_id for i in case.involvements.all())]:
            first_day[pk] = min(first_day.get(pk, case.opened_on), case.opened_on)
    organizations = {}
    for member in world.members:
        pk = member.organization.pk
        day = first_day.get(pk) or world.start + datetime.timedelta(days=rng.randrange(0, 90))
        organizations[pk] = at(day, 7, rng.randrange(0, 50))
    backdate(Organization, organizations)
    for model in (Service, Contact):
        rows = (
            model.objects.filter(organization_id__in=list(organizations))
            .order_by("pk")
            .values_list("pk", "organization_id")
        )
        backdate(model, {pk: organizations[org] + datetime.timedelta(minutes=rng.randrange(1, 10)) for pk, org in rows})
    backdate(Case, {case.pk: at(case.opened_on, 7, 55) for case in world.cases})
    backdate(
        CaseInvolvement,
        {i.pk: at(i.since or case.opened_on, 7, 58) for case in world.cases for i in case.involvements.all()},
    )
    backdate(Meeting, {m.pk: activity.logged[m.pk] for m in activity.meetings})
    backdate(
        FollowUp,
        {
            pk: activity.logged[meeting]
            for pk, meeting in FollowUp.objects.filter(meeting_id__in=list(activity.logged)).values_list(
                "pk", "meeting_id"
            )
        },
    )
    backdate(
        Need,
        {
            pk: activity.logged[meeting]
            for pk, meeting in Need.objects.filter(raised_in_id__in=list(activity.logged)).values_list(
                "pk", "raised_in_id"
            )
        },
    )
    moments = {}
    for link, evidence in links:
        if evidence:
            moments[link.pk] = activity.logged[evidence[0].pk] + datetime.timedelta(minutes=10)
        else:
            moments[link.pk] = max(organizations[link.source_id], organizations[link.target_id])
    backdate(CooperationLink, {pk: min(now, moment) for pk, moment in moments.items()})
