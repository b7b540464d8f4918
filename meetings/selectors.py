"""Reads of meetings that take the user."""

from django.db.models import Q, QuerySet

from contacts.models import Contact, LegalBasis
from meetings.models import FollowUp, Meeting, MeetingAttachment, Need, WorkingGroup


def _meetings_taken_part_in(organization) -> QuerySet:
    """The ids of the meetings the organisation took part in, as a participant or as the organiser (any scope: only
    ever a condition on meetings already restricted)."""
    # A union of two index scans (the participants by organisation, the organisers) that the restricted meetings are
    # then looked up by: joining the participants with an OR over the organiser and a DISTINCT read every meeting of
    # the kraj at national scale (~150 ms a query).
    return (
        Meeting.organizations.through.objects.filter(organization=organization)
        .values("meeting_id")
        .union(Meeting.objects.filter(organizer=organization).order_by().values("pk"), all=True)
    )


def shared_meetings(user, *organizations) -> QuerySet[Meeting]:
    """Meetings the user can see in which all the given organisations took part (as participant or organiser),
    newest first: an organisation's meetings, or those that may evidence a link between two."""
    meetings = Meeting.objects.restrict(user, "view")
    for organization in organizations:
        meetings = meetings.filter(pk__in=_meetings_taken_part_in(organization))
    return meetings.order_by("-held_on", "-id")


def organization_card_meetings(user, organization) -> dict:
    """The sections of the organisation card (organizations.card) the user may see: its latest meetings, the needs it
    raised or that were heard at its meetings, the follow-ups still open from those meetings, and the meeting its data
    were verified on (a case conference is OSPOD's business: only if the user may see it)."""
    meetings = shared_meetings(user, organization)
    return {
        "meetings": meetings.select_related("district")[:20],
        "needs": Need.objects.restrict(user, "view")
        .filter(Q(raised_by=organization) | Q(raised_in__in=meetings.values("pk")))
        .select_related("district")
        .order_by("-created_at")[:20],
        "followups": FollowUp.objects.restrict(user, "view")
        .filter(meeting__in=meetings.values("pk"), done_at__isnull=True)
        .select_related("assignee", "meeting")
        .order_by("due_on", "pk")[:20],
        "verified_in": Meeting.objects.restrict(user, "view").filter(pk=organization.verified_in_id).first()
        if organization.verified_in_id
        else None,
    }


def meeting_attachments(user, meeting) -> QuerySet[MeetingAttachment]:
    """The documents of a meeting that the user may see, with who uploaded them."""
    return MeetingAttachment.objects.restrict(user, "view").filter(meeting=meeting).select_related("uploaded_by")


def invitable_contacts(*, actor, group: WorkingGroup) -> QuerySet[Contact]:
    """The group's member contact persons an invitation may be e-mailed to: seen by the actor, not erased, with an
    e-mail, and on a legal basis that covers work e-mail (a work contact, a public task, or a dated consent)."""
    return (
        Contact.objects.restrict(actor, "view")
        .filter(working_groups=group, erased_at__isnull=True)
        .exclude(email="")
        .filter(
            Q(legal_basis__in=[LegalBasis.LEGITIMATE_INTEREST, LegalBasis.PUBLIC_TASK])
            | Q(legal_basis=LegalBasis.CONSENT, consent_on__isnull=False)
        )
        .order_by("pk")
    )
