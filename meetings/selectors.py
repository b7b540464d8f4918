"""Reads of meetings that take the user."""

from django.db.models import Q, QuerySet

from meetings.models import Meeting


def shared_meetings(user, *organizations) -> QuerySet[Meeting]:
    """Meetings the user can see in which all the given organisations took part (as participant or organiser),
    newest first: an organisation's meetings, or those that may evidence a link between two."""
    meetings = Meeting.objects.restrict(user, "view")
    for organization in organizations:
        meetings = meetings.filter(Q(organizations=organization) | Q(organizer=organization))
    return meetings.distinct().order_by("-held_on", "-id")
