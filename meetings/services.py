"""Writes of meetings (with their participants, follow-ups and needs in one step), follow-ups and needs."""

import datetime
import uuid as uuid_lib
from collections.abc import Iterable

import filetype
import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contacts.models import Contact
from core.services import (
    apply_changes,
    bump_version,
    ensure_allowed,
    inline_errors,
    keep_unseen,
    move_with_owner,
    place,
    recorded_time,
    save_validated,
)
from meetings.models import NEED_TRANSITIONS, FollowUp, Meeting, MeetingAttachment, Need, NeedStatus, WorkingGroup
from meetings.selectors import invitable_contacts
from organizations.models import Organization, OrganizationStatus
from territory.models import District

MEETING_FIELDS = (
    "kind",
    "title",
    "held_on",
    "starts_at",
    "ends_at",
    "location",
    "organizer",
    "case",
    "summary",
    "outcomes",
    "group",
)
FOLLOWUP_FIELDS = ("description", "assignee", "due_on")
NEED_FIELDS = ("title", "description", "category", "target_group", "wanted_service_kind", "priority", "raised_by")


def _kept_with_unseen(actor, record, organizations, contacts) -> tuple[list | None, list | None]:
    """The organisations and contact persons an edit gives a meeting or a group (None: not given, left as they are),
    plus those stored that the actor could not choose: out of their sight, or a contact erased on request (never
    offered again, kept where it took part)."""
    if organizations is not None:
        organizations = keep_unseen(actor, record.organizations, organizations)
    if contacts is not None:
        contacts = keep_unseen(actor, record.contacts, contacts, choosable=_choosable_contacts(actor))
    return organizations, contacts


def _choosable_contacts(actor):
    return Contact.objects.restrict(actor, "view").filter(erased_at__isnull=True)


def _check_participants(actor, organizations: list, contacts: list) -> None:
    """Every contact person who took part comes from one of the participating organisations; the error names only
    the contacts the actor may see (an edit keeps participants the editor cannot see) and counts the others."""
    org_ids = {organization.pk for organization in organizations}
    strangers = [contact for contact in contacts if contact.organization_id not in org_ids]
    if not strangers:
        return
    seen = set(
        Contact.objects.restrict(actor, "view").filter(pk__in=[c.pk for c in strangers]).values_list("pk", flat=True)
    )
    names = [contact.name for contact in strangers if contact.pk in seen]
    unseen = len(strangers) - len(names)
    if not unseen:
        message = _("Add the organisation of %(names)s to the participants first.") % {"names": ", ".join(names)}
    elif names:
        message = ngettext(
            "Add the organisation of %(names)s and of %(count)d more contact person to the participants first.",
            "Add the organisation of %(names)s and of %(count)d more contact persons to the participants first.",
            unseen,
        ) % {"names": ", ".join(names), "count": unseen}
    else:
        message = ngettext(
            "Add the organisation of %(count)d contact person to the participants first.",
            "Add the organisation of %(count)d contact persons to the participants first.",
            unseen,
        ) % {"count": unseen}
    raise ValidationError({"contacts": message})


def _check_open_organizations(organizations: list, organizer, *, present: Iterable[int] = ()) -> None:
    """A meeting names no closed organisation among its participants or as its organiser, unless it already took part
    (an edit of an older meeting keeps it)."""
    present = set(present)
    named = [*organizations, *([organizer] if organizer is not None else [])]
    closed = {o.pk: o for o in named if o.status == OrganizationStatus.CLOSED and o.pk not in present}
    if closed:
        names = ", ".join(sorted(o.name for o in closed.values()))
        raise ValidationError(
            {"organizations": _("A closed organisation cannot take part in a meeting: %(names)s.") % {"names": names}}
        )


@transaction.atomic
def meeting_create(
    *,
    actor,
    kind: str,
    title: str,
    held_on,
    district: District,
    organizations: Iterable = (),
    contacts: Iterable = (),
    followups: Iterable[dict] = (),
    needs: Iterable[dict] = (),
    uuid: uuid_lib.UUID | None = None,
    reason: str = "",
    recorded_at=None,
    **fields,
) -> Meeting:
    """Log a meeting with its participants, follow-ups and needs, all or nothing; ``recorded_at``: when a tablet
    logged it offline (its follow-ups and needs then too, unless they say otherwise)."""
    created_at = recorded_time(recorded_at)
    meeting = Meeting(kind=kind, title=title, held_on=held_on, created_by=actor, uuid=uuid or uuid_lib.uuid4())
    apply_changes(meeting, fields, allowed=MEETING_FIELDS)
    place(meeting, district)
    organizations, contacts = list(organizations), list(contacts)
    _check_open_organizations(organizations, meeting.organizer)
    _check_participants(actor, organizations, contacts)
    save_validated(
        meeting,
        actor=actor,
        reason=reason or "created",
        relations={"organizations": organizations, "contacts": contacts},
        created_at=created_at,
    )
    for index, data in enumerate(followups):
        try:
            followup_create(actor=actor, meeting=meeting, **{"recorded_at": recorded_at, **data})
        except ValidationError as exc:
            raise inline_errors(exc, "followups", index) from exc
    for index, data in enumerate(needs):
        try:
            need_create(actor=actor, raised_in=meeting, **{"recorded_at": recorded_at, **data})
        except ValidationError as exc:
            raise inline_errors(exc, "needs", index) from exc
    return meeting


@transaction.atomic
def meeting_update(
    *, actor, meeting: Meeting, data: dict, expected_version: int | None = None, reason: str = ""
) -> Meeting:
    """Change a meeting; refused if the change was based on an older version. Participants given replace those the
    actor could choose; the others stay (_kept_with_unseen)."""
    data = dict(data)
    present = meeting.participant_ids()
    organizations, contacts = _kept_with_unseen(
        actor, meeting, data.pop("organizations", None), data.pop("contacts", None)
    )
    district = data.pop("district", None)
    apply_changes(meeting, data, allowed=MEETING_FIELDS)
    if district is not None and district.pk != meeting.district_id:
        place(meeting, district)
        move_with_owner(meeting.followups.all(), district, actor=actor, reason="moved with the meeting")
    organizations = list(meeting.organizations.all()) if organizations is None else list(organizations)
    contacts = list(meeting.contacts.all()) if contacts is None else list(contacts)
    _check_open_organizations(organizations, meeting.organizer, present=present)
    _check_participants(actor, organizations, contacts)
    bump_version(meeting, expected_version)
    save_validated(
        meeting, actor=actor, reason=reason, relations={"organizations": organizations, "contacts": contacts}
    )
    return meeting


@transaction.atomic
def followup_create(
    *,
    actor,
    meeting: Meeting,
    description: str,
    uuid: uuid_lib.UUID | None = None,
    done: bool = False,
    reason: str = "",
    recorded_at=None,
    **fields,
) -> FollowUp:
    """Add a follow-up to a meeting (done already, if so reported); scoped with the meeting. ``recorded_at``: when a
    tablet logged it offline."""
    created_at = recorded_time(recorded_at)
    followup = FollowUp(meeting=meeting, description=description, uuid=uuid or uuid_lib.uuid4())
    apply_changes(followup, fields, allowed=FOLLOWUP_FIELDS)
    _mark_done(followup, done)
    place(followup, meeting.district)
    save_validated(followup, actor=actor, reason=reason or "created", created_at=created_at)
    _check_assignee(followup)
    return followup


@transaction.atomic
def followup_update(
    *, actor, followup: FollowUp, data: dict, expected_version: int | None = None, reason: str = ""
) -> FollowUp:
    """Change a follow-up's task, assignee or due date, and mark it done or not done (``data["done"]``)."""
    data = dict(data)
    done = data.pop("done", None)
    assignee_before = followup.assignee_id
    apply_changes(followup, data, allowed=FOLLOWUP_FIELDS)
    if done is not None:
        _mark_done(followup, done)
    bump_version(followup, expected_version)
    save_validated(followup, actor=actor, reason=reason)
    if followup.assignee_id != assignee_before:
        _check_assignee(followup)
    return followup


def _check_assignee(followup: FollowUp) -> None:
    """The assignee may view the follow-up (checked on the saved row, by the same rule as every read: a case
    conference's follow-up only for those who may see the case); the caller's transaction undoes the save otherwise."""
    if followup.assignee_id is None:
        return
    if not FollowUp.objects.restrict(followup.assignee, "view").filter(pk=followup.pk).exists():
        raise ValidationError(
            {"assignee": _("This person may not see this follow-up; assign it to someone who may see the meeting.")}
        )


def _mark_done(followup: FollowUp, done: bool) -> None:
    """Done now (kept if it was done already), or not done again."""
    if not done:
        followup.done_at = None
    elif followup.done_at is None:
        followup.done_at = timezone.now()


@transaction.atomic
def followup_complete(*, actor, followup: FollowUp, done: bool = True) -> FollowUp:
    """Mark a follow-up done (now) or not done again."""
    _mark_done(followup, done)
    bump_version(followup, None)
    return save_validated(followup, actor=actor, reason="done" if done else "reopened")


@transaction.atomic
def need_create(
    *,
    actor,
    title: str,
    category: str,
    district: District | None = None,
    raised_in: Meeting | None = None,
    uuid: uuid_lib.UUID | None = None,
    reason: str = "",
    recorded_at=None,
    **fields,
) -> Need:
    """Record a need heard in the field, in the district given or else that of the meeting it was raised in;
    ``recorded_at``: when a tablet logged it offline."""
    created_at = recorded_time(recorded_at)
    need = Need(title=title, category=category, raised_in=raised_in, created_by=actor, uuid=uuid or uuid_lib.uuid4())
    apply_changes(need, fields, allowed=NEED_FIELDS)
    place(need, district or (raised_in.district if raised_in else None))
    return save_validated(need, actor=actor, reason=reason or "created", created_at=created_at)


@transaction.atomic
def need_update(*, actor, need: Need, data: dict, expected_version: int | None = None, reason: str = "") -> Need:
    """Change what a need says; a status given in ``data`` moves it along its lifecycle as need_set_status does."""
    data = dict(data)
    district = data.pop("district", None)
    status, note = data.pop("status", None), data.pop("resolution_note", "")
    apply_changes(need, data, allowed=NEED_FIELDS)
    if district is not None:
        place(need, district)
    if status is not None:
        _move_status(need, status, note)
    elif note:
        need.resolution_note = note
    bump_version(need, expected_version)
    return save_validated(need, actor=actor, reason=reason or (f"status: {status}" if status else ""))


@transaction.atomic
def need_set_status(*, actor, need: Need, status: str, note: str = "", expected_version: int | None = None) -> Need:
    """Move a need along its lifecycle; resolving or dismissing it needs a note saying how or why."""
    _move_status(need, status, note)
    bump_version(need, expected_version)
    return save_validated(need, actor=actor, reason=f"status: {status}")


def _move_status(need: Need, status: str, note: str) -> None:
    if status not in NeedStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses of a need.")})
    if status != need.status and status not in NEED_TRANSITIONS[NeedStatus(need.status)]:
        raise ValidationError(
            {
                "status": _("A need cannot go from “%(old)s” to “%(new)s”.")
                % {"old": need.get_status_display(), "new": NeedStatus(status).label}
            }
        )
    closing = status in (NeedStatus.RESOLVED, NeedStatus.DISMISSED)
    if closing and status != need.status and not note.strip():
        # A note left from an earlier resolution does not explain this one.
        raise ValidationError({"resolution_note": _("Say how the need was resolved or why it was dismissed.")})
    need.status = status
    if note:
        need.resolution_note = note
    need.resolved_at = timezone.now() if closing else None


def followup_remind(*, today=None) -> int:
    """E-mail every assignee, once a day, their open follow-ups overdue or due tomorrow; returns the e-mails sent.

    Each assignee's follow-ups are locked, mailed and marked ``reminded_on`` in one transaction, so a second run on the
    same day (or a parallel one: locked rows are skipped) sends nothing again.
    """
    import datetime

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.utils import translation
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    today = today or timezone.localdate()
    due = Q(done_at__isnull=True, due_on__lte=today + datetime.timedelta(days=1), assignee__is_active=True)
    not_today = ~Q(assignee__email="") & ~Q(reminded_on=today)
    sent = 0
    candidates = FollowUp.objects.filter(due, not_today).order_by().values_list("assignee_id", flat=True).distinct()
    for assignee in get_user_model().objects.filter(pk__in=list(candidates)).order_by("pk"):
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            # Re-checked now, by the rule of every read: an assignee who lost access to a follow-up (moved to another
            # kraj, the case no longer shared) is not told it, nor the meeting it came from.
            followups = list(
                FollowUp.objects.restrict(assignee, "view")
                .filter(due, not_today, assignee=assignee)
                .select_for_update(of=("self",), skip_locked=True)
                .select_related("meeting")
                .order_by("due_on", "id")
            )
            if not followups:
                continue
            meetings = set(
                Meeting.objects.restrict(assignee, "view")
                .filter(pk__in={followup.meeting_id for followup in followups})
                .values_list("pk", flat=True)
            )
            lines = []
            for followup in followups:
                when = (
                    gettext("overdue since %(date)s") if followup.due_on < today else gettext("due on %(date)s")
                ) % {"date": date_format(followup.due_on, "SHORT_DATE_FORMAT")}
                if followup.meeting_id in meetings:
                    lines.append(
                        gettext("- %(task)s (%(when)s; meeting “%(meeting)s” of %(held_on)s)")
                        % {
                            "task": followup.description,
                            "when": when,
                            "meeting": followup.meeting.title,
                            "held_on": date_format(followup.meeting.held_on, "SHORT_DATE_FORMAT"),
                        }
                    )
                else:
                    lines.append(gettext("- %(task)s (%(when)s)") % {"task": followup.description, "when": when})
            body = "\n".join(
                [
                    gettext("Hello %(name)s,") % {"name": assignee.get_full_name() or assignee.get_username()},
                    "",
                    gettext("these follow-ups agreed in meetings are waiting for you in Síťař:"),
                    "",
                    *lines,
                    "",
                    gettext("Mark them done in Síťař once they are finished."),
                ]
            )
            send_mail(gettext("Síťař: follow-ups due"), body, settings.DEFAULT_FROM_EMAIL, [assignee.email])
            FollowUp.objects.filter(pk__in=[followup.pk for followup in followups]).update(reminded_on=today)
            sent += 1
    return sent


# The documents a meeting may carry, known by their first bytes (filetype), whatever the name says.
ATTACHMENT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
}


def _attachment_type(upload) -> str:
    """The upload's type read from its content; a ValidationError on the file when it is none the meeting takes."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    if guessed is None or guessed.mime not in ATTACHMENT_TYPES:
        raise ValidationError(
            {"file": _("Only PDF, DOCX, ODT, JPEG and PNG files can be attached (the content decides, not the name).")}
        )
    return guessed.mime


@transaction.atomic
def attachment_add(*, actor, meeting: Meeting, upload, kind: str) -> MeetingAttachment:
    """Attach a document to a meeting the actor may change: a size within SITAR_ATTACHMENT_MAX_MB and a type read from
    its content (ATTACHMENT_TYPES); stored in the attachments storage under a random name."""
    ensure_allowed(actor, meeting, "change")
    limit = settings.SITAR_ATTACHMENT_MAX_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError({"file": _("The file is larger than %(limit)s MB.") % {"limit": limit}})
    attachment = MeetingAttachment(
        meeting=meeting,
        kind=kind,
        file=upload,
        filename=(upload.name or "")[-255:],
        content_type=_attachment_type(upload),
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.full_clean()
    attachment._history_user = actor
    attachment._change_reason = "created"
    try:
        attachment.save()
    except Exception:
        # The row is not there (the transaction rolls back): neither may the file be.
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: MeetingAttachment) -> None:
    """Remove a document from a meeting the actor may change; the file goes once the removal is committed."""
    ensure_allowed(actor, attachment.meeting, "change")
    attachment._history_user = actor
    attachment._change_reason = "removed"
    attachment.delete()


# --------------------------------------------------------------------------------------------- working groups --

GROUP_FIELDS = ("name", "kind", "description")


def _check_members(actor, organizations: list, contacts: list) -> None:
    """A group's members are records the actor may see (a forged id of another scope is refused, never named)."""
    if Organization.objects.restrict(actor, "view").filter(pk__in=[o.pk for o in organizations]).count() != len(
        {o.pk for o in organizations}
    ):
        raise ValidationError({"organizations": _("Choose organisations from the list.")})
    if Contact.objects.restrict(actor, "view").filter(pk__in=[c.pk for c in contacts]).count() != len(
        {c.pk for c in contacts}
    ):
        raise ValidationError({"contacts": _("Choose contact persons from the list.")})


@transaction.atomic
def group_create(
    *,
    actor,
    name: str,
    kind: str,
    district: District,
    organizations: Iterable = (),
    contacts: Iterable = (),
    reason: str = "",
    **fields,
) -> WorkingGroup:
    """Set up a standing group (working group, platform, round table) in a district, with its members."""
    group = WorkingGroup(name=name, kind=kind)
    apply_changes(group, fields, allowed=GROUP_FIELDS)
    place(group, district)
    organizations, contacts = list(organizations), list(contacts)
    _check_members(actor, organizations, contacts)
    save_validated(
        group, actor=actor, reason=reason or "created", relations={"organizations": organizations, "contacts": contacts}
    )
    return group


@transaction.atomic
def group_update(*, actor, group: WorkingGroup, data: dict, reason: str = "") -> WorkingGroup:
    """Change a group: its name, kind, description, place or members."""
    data = dict(data)
    organizations, contacts = data.pop("organizations", None), data.pop("contacts", None)
    district = data.pop("district", None)
    apply_changes(group, data, allowed=GROUP_FIELDS)
    if district is not None and district.pk != group.district_id:
        place(group, district)
    if organizations is not None or contacts is not None:
        _check_members(actor, list(organizations or []), list(contacts or []))
    # The members given replace those the actor could choose; the others stay (_kept_with_unseen).
    organizations, contacts = _kept_with_unseen(actor, group, organizations, contacts)
    save_validated(group, actor=actor, reason=reason, relations={"organizations": organizations, "contacts": contacts})
    return group


def meeting_calendar(meeting: Meeting) -> bytes:
    """The meeting as an iCalendar event (.ics): its title, day and time (the whole day without a time), place."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Sitar//meetings//CS")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"{meeting.uuid}@sitar")
    event.add("summary", meeting.title)
    event.add("dtstamp", timezone.now())
    zone = timezone.get_current_timezone()
    if meeting.starts_at:
        start = datetime.datetime.combine(meeting.held_on, meeting.starts_at, tzinfo=zone)
        event.add("dtstart", start)
        if meeting.ends_at:
            event.add("dtend", datetime.datetime.combine(meeting.held_on, meeting.ends_at, tzinfo=zone))
    else:
        event.add("dtstart", meeting.held_on)
    if meeting.location:
        event.add("location", meeting.location)
    calendar.add_component(event)
    return calendar.to_ical()


def meeting_invite(*, actor, meeting: Meeting) -> int:
    """E-mail an invitation with the .ics of a group's meeting to each member contact it may go to (one message per
    person: nobody sees the other addresses). Returns how many were sent."""
    ensure_allowed(actor, meeting, "change")
    if meeting.group_id is None:
        raise ValidationError({"group": _("Only a meeting of a working group has an invitation list.")})
    calendar = meeting_calendar(meeting)
    subject = _("Invitation: %(title)s, %(day)s") % {
        "title": meeting.title,
        "day": date_format(meeting.held_on, "SHORT_DATE_FORMAT"),
    }
    body = render_to_string("meetings/invitation_email.txt", {"meeting": meeting, "group": meeting.group})
    sent = 0
    with get_connection() as connection:
        for contact in invitable_contacts(actor=actor, group=meeting.group):
            message = EmailMessage(str(subject), body, to=[contact.email], connection=connection)
            message.attach("pozvanka.ics", calendar, "text/calendar; method=REQUEST")
            sent += message.send()
    return sent


@transaction.atomic
def meeting_attendance_set(*, actor, meeting: Meeting, organizations: Iterable, contacts: Iterable) -> Meeting:
    """Tick who of the group came: the participants become the ticked members (a ticked person's organisation with
    them), plus any participant who is no member of the group (logged otherwise), plus those the actor could not tick
    (out of their sight, or erased on request: meeting_update keeps them)."""
    if meeting.group_id is None:
        raise ValidationError({"group": _("Only a meeting of a working group has an invitation list.")})
    group = meeting.group
    contacts = list(contacts)
    # Those the actor cannot tick stay (meeting_update keeps them), and so does their organisation, as a ticked one's.
    untickable = keep_unseen(actor, meeting.contacts, (), choosable=_choosable_contacts(actor))
    ticked_orgs = {o.pk for o in organizations} | {c.organization_id for c in [*contacts, *untickable]}
    kept_orgs = meeting.organizations.exclude(pk__in=group.organizations.values("pk")).values("pk")
    kept_contacts = meeting.contacts.exclude(pk__in=group.contacts.values("pk")).values("pk")
    return meeting_update(
        actor=actor,
        meeting=meeting,
        data={
            "organizations": Organization.objects.filter(Q(pk__in=ticked_orgs) | Q(pk__in=kept_orgs)),
            "contacts": Contact.objects.filter(Q(pk__in=[c.pk for c in contacts]) | Q(pk__in=kept_contacts)),
        },
        reason="attendance",
    )


# The kind of meeting a group's meeting is, by the group's kind.
GROUP_MEETING_KIND = {"working_group": "working_meeting", "platform": "platform", "round_table": "round_table"}


@transaction.atomic
def group_meeting_plan(
    *, actor, group: WorkingGroup, title: str, held_on, starts_at=None, ends_at=None, location: str = ""
) -> Meeting:
    """Plan a meeting of a group in the group's district; its members are ticked as they come (meeting_attendance_set)."""
    ensure_allowed(actor, group, "view")
    return meeting_create(
        actor=actor,
        kind=GROUP_MEETING_KIND[group.kind],
        title=title,
        held_on=held_on,
        district=group.district,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        group=group,
    )
