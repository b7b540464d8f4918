"""Writes of cooperation links (with the meetings that evidence them) and of case networks."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core.services import apply_changes, ensure_allowed, keep_unseen, move_with_owner, place, save_validated
from meetings.models import Meeting
from network.models import Case, CaseInvolvement, CooperationLink

LINK_FIELDS = ("kind", "directed", "strength", "formalized", "agreement_date", "since", "until", "status", "note")
CASE_FIELDS = ("reference", "status", "opened_on", "closed_on")
INVOLVEMENT_FIELDS = ("role", "since", "until")


def _check_evidence(actor, link: CooperationLink, meetings: list, field: str = "evidence") -> None:
    """A meeting is evidence of a link only if both organisations took part in it; the error names the meeting only
    to an actor who may see it (an edit keeps evidence the editor cannot see)."""
    for meeting in meetings:
        if not {link.source_id, link.target_id} <= meeting.participant_ids():
            if Meeting.objects.restrict(actor, "view").filter(pk=meeting.pk).exists():
                message = _("Both organisations must have taken part in the meeting “%(meeting)s”.") % {
                    "meeting": meeting
                }
            else:
                message = _("Both organisations must have taken part in every meeting that shows the cooperation.")
            raise ValidationError({field: message})


def _refresh_confirmation(link: CooperationLink) -> None:
    latest = link.evidence.aggregate(latest=Max("held_on"))["latest"]
    if latest != link.confirmed_on:
        CooperationLink.objects.filter(pk=link.pk).update(confirmed_on=latest)
        link.confirmed_on = latest


@transaction.atomic
def link_create(
    *, actor, source, target, kind: str, evidence: Iterable = (), reason: str = "", **fields
) -> CooperationLink:
    """Record that two organisations cooperate; placed in the territory of the source organisation."""
    link = CooperationLink(source=source, target=target, kind=kind)
    apply_changes(link, fields, allowed=LINK_FIELDS)
    place(link, source.district)
    evidence = list(evidence)
    _check_evidence(actor, link, evidence)
    save_validated(link, actor=actor, reason=reason or "created", relations={"evidence": evidence})
    _refresh_confirmation(link)
    return link


@transaction.atomic
def link_update(*, actor, link: CooperationLink, data: dict, reason: str = "") -> CooperationLink:
    """Change a link (its two organisations stay); evidence given replaces the evidence the actor can see, and the
    meetings out of their sight stay."""
    data = dict(data)
    evidence = data.pop("evidence", None)
    apply_changes(link, data, allowed=LINK_FIELDS)
    if evidence is not None:
        evidence = keep_unseen(actor, link.evidence, evidence)
        _check_evidence(actor, link, evidence)
    save_validated(link, actor=actor, reason=reason, relations={"evidence": evidence})
    _refresh_confirmation(link)
    return link


@transaction.atomic
def link_confirm(*, actor, link: CooperationLink, meeting) -> CooperationLink:
    """Add a meeting as evidence of a link: the link counts as reconfirmed on that date."""
    ensure_allowed(actor, link, "change")
    _check_evidence(actor, link, [meeting], field="meeting")
    link.evidence.add(meeting)
    _refresh_confirmation(link)
    link._history_user = actor
    link._change_reason = "confirmed"
    link.save(update_fields=["updated_at"])
    return link


@transaction.atomic
def case_create(*, actor, ospod, reference: str, opened_on, reason: str = "", **fields) -> Case:
    """Open a case network of an OSPOD under a pseudonymous reference; placed in the OSPOD's district."""
    case = Case(ospod=ospod, reference=reference.strip(), opened_on=opened_on)
    apply_changes(case, fields, allowed=CASE_FIELDS)
    place(case, ospod.district)
    return save_validated(case, actor=actor, reason=reason or "created")


@transaction.atomic
def case_update(*, actor, case: Case, data: dict, reason: str = "") -> Case:
    """Change a case's reference or status."""
    if "reference" in data:
        data = {**data, "reference": (data["reference"] or "").strip()}
    apply_changes(case, data, allowed=CASE_FIELDS)
    return save_validated(case, actor=actor, reason=reason)


@transaction.atomic
def case_involvement_add(*, actor, case: Case, organization, role: str, **fields) -> CaseInvolvement:
    """Involve an organisation in a case in one role; scoped with the case."""
    involvement = CaseInvolvement(case=case, organization=organization, role=role)
    apply_changes(involvement, fields, allowed=INVOLVEMENT_FIELDS)
    place(involvement, case.district)
    return save_validated(involvement, actor=actor, reason="created")


@transaction.atomic
def case_involvement_remove(*, actor, involvement: CaseInvolvement) -> None:
    """End an organisation's involvement in a case (the history keeps it)."""
    ensure_allowed(actor, involvement, "delete")
    involvement._history_user = actor
    involvement.delete()


def network_follows_organization(sender, *, organization, actor, **kwargs) -> None:
    """The cooperation links an organisation that moved starts, and the cases of an OSPOD that moved with their
    involvements, follow it to its new district (organization_moved; they are scoped with it), in the transaction of
    the move."""
    for rows in (
        CooperationLink.objects.filter(source=organization),
        Case.objects.filter(ospod=organization),
        CaseInvolvement.objects.filter(case__ospod=organization),
    ):
        move_with_owner(rows, organization.district, actor=actor, reason="moved with the organisation")
