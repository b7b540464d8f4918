"""Writes of partner surveys: a round's set-up (draft), opening and closing it, the invitations and reminders by
e-mail, and the respondent's answers, drafts and refusal. Every write by a user checks their reach through
restrict() (OutOfScope → 404 in views); bad input is refused by field and nothing of a refused write is saved."""

import datetime
import secrets
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact
from core.errors import OutOfScope
from core.services import ensure_allowed, save_validated
from organizations.models import Organization
from permissions.scoping import may
from surveys.models import (
    FREQUENCY,
    SCALES,
    ParticipantStatus,
    RoundStatus,
    Section,
    SurveyAnswer,
    SurveyParticipant,
    SurveyQuestion,
    SurveyRefusal,
    SurveyRound,
)
from surveys.tokens import participant_token
from territory.models import District, Region

# Reminders go out when this many days are left before the deadline.
REMIND_BEFORE = (7, 2)


@dataclass(frozen=True)
class QuestionInput:
    code: str
    section: str
    text: str


def answer_field(about_id: int, code: str) -> str:
    """The form field (and error key) of the answer about an organisation to a question."""
    return f"q-{about_id}-{code}"


@transaction.atomic
def round_save(
    *,
    actor,
    round_: SurveyRound | None = None,
    title: str,
    district: District | None,
    region: Region | None,
    deadline: datetime.date | None,
    respondents: dict[int, int | None],
    questions: list[QuestionInput],
    today: datetime.date | None = None,
) -> SurveyRound:
    """Create a draft round, or rewrite one still in draft (its owner): the territory (an ORP, or a kraj when no ORP
    is given), the organisations with their respondent contacts ({organisation id: contact id}) and the questions."""
    if not may(actor, "surveyround", "add"):
        raise OutOfScope("surveyround: add not allowed")
    today = today or timezone.localdate()
    if round_ is not None:
        round_ = SurveyRound.objects.select_for_update().get(pk=round_.pk)
        ensure_allowed(actor, round_, "change")
        if round_.status != RoundStatus.DRAFT:
            raise ValidationError(_("Only a round in draft can be changed."))
    errors: dict[str, list] = {}
    if district is not None:
        region = district.region
    if region is None:
        errors["territory"] = [_("Choose the ORP or the kraj of the round.")]
    if deadline is not None and deadline <= today:
        errors["deadline"] = [_("The deadline must be in the future.")]
    organizations = _check_organizations(actor, respondents, district, region, errors)
    _check_questions(questions, errors)
    if errors:
        raise ValidationError(errors)
    round_ = round_ or SurveyRound(owner=actor)
    round_.title, round_.district, round_.region, round_.deadline = title.strip(), district, region, deadline
    save_validated(round_, actor=actor, action="add" if round_._state.adding else "change")
    round_.participants.all().delete()
    round_.questions.all().delete()
    SurveyParticipant.objects.bulk_create(
        SurveyParticipant(
            round=round_, organization=organization, contact_id=respondents[organization.pk], nonce=_nonce()
        )
        for organization in organizations
    )
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(round=round_, code=q.code, section=q.section, text=q.text.strip(), order=index)
        for index, q in enumerate(questions)
    )
    return round_


def _nonce() -> str:
    return secrets.token_hex(16)


def _check_organizations(actor, respondents, district, region, errors) -> list[Organization]:
    chosen = Organization.objects.restrict(actor, "view").filter(pk__in=list(respondents))
    if district is not None:
        chosen = chosen.filter(district=district)
    elif region is not None:
        chosen = chosen.filter(region=region)
    organizations = list(chosen.order_by("name", "pk"))
    if len(organizations) != len(respondents):
        errors["organizations"] = [_("Choose organisations of the round's territory only.")]
    elif len(organizations) < 2:
        errors["organizations"] = [_("Choose at least two organisations.")]
    contacts = Contact.objects.filter(pk__in=[pk for pk in respondents.values() if pk]).select_related("survey_refusal")
    contacts = {contact.pk: contact for contact in contacts}
    for organization in organizations:
        contact = contacts.get(respondents[organization.pk])
        field = f"contact-{organization.pk}"
        if contact is None or contact.organization_id != organization.pk:
            errors[field] = [_("Choose the organisation's contact who answers.")]
        elif not contact.email or contact.erased_at is not None:
            errors[field] = [_("The contact has no e-mail address.")]
        elif hasattr(contact, "survey_refusal"):
            errors[field] = [_("The contact refused to take part in partner surveys and is not asked again.")]
    return organizations


def _check_questions(questions: list[QuestionInput], errors) -> None:
    codes = [q.code for q in questions]
    if sum(q.section == Section.FREQUENCY for q in questions) != 1 or FREQUENCY not in codes:
        errors["questions"] = [_("The round asks exactly one question on how often the organisations work together.")]
    elif len(set(codes)) != len(codes):
        errors["questions"] = [_("Each question needs its own code.")]
    elif any(not q.text.strip() for q in questions):
        errors["questions"] = [_("Each question needs its text.")]
    elif any(q.section not in Section.values for q in questions):
        errors["questions"] = [_("Choose the section of each question.")]


@transaction.atomic
def round_open(*, actor, round_: SurveyRound, today: datetime.date | None = None) -> SurveyRound:
    """Open a draft round (its owner): the invitations go out by e-mail (surveys.tasks.round_invite_task)."""
    round_ = SurveyRound.objects.select_for_update().get(pk=round_.pk)
    ensure_allowed(actor, round_, "change")
    today = today or timezone.localdate()
    if round_.status != RoundStatus.DRAFT:
        raise ValidationError(_("The round is already open."))
    if round_.deadline <= today:
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    round_.status, round_.opened_at = RoundStatus.OPEN, timezone.now()
    return save_validated(round_, actor=actor, action="change")


@transaction.atomic
def round_close(*, actor, round_: SurveyRound | None = None, round_id: int | None = None) -> SurveyRound:
    """Close an open round (its owner, or the system at the deadline): its links accept no more answers."""
    round_ = SurveyRound.objects.select_for_update().get(pk=round_.pk if round_ else round_id)
    if actor is not None:
        ensure_allowed(actor, round_, "change")
    if round_.status == RoundStatus.CLOSED:
        return round_
    round_.status, round_.closed_at = RoundStatus.CLOSED, timezone.now()
    round_.save(update_fields=["status", "closed_at", "updated_at"])
    return round_


def round_invite(round_id: int) -> int:
    """E-mail each participant of an open round not yet invited its personal link; returns the e-mails sent."""
    return _mail_each(
        SurveyParticipant.objects.filter(
            round_id=round_id, round__status=RoundStatus.OPEN, invited_at__isnull=True, bounced_at__isnull=True
        ),
        kind="invitation",
    )


def participants_remind(*, actor, round_: SurveyRound) -> int:
    """The owner's "Send reminders now": every respondent who has not submitted or refused, at most once a day."""
    ensure_allowed(actor, round_, "change")
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("Reminders are sent only in an open round."))
    return _mail_each(_waiting(round_, timezone.localdate()), kind="reminder")


def round_remind(today: datetime.date | None = None) -> int:
    """The daily task: remind the respondents of open rounds who have not submitted or refused a week and two days
    before the deadline (a reminder missed is sent the next day; never twice a day); close rounds past their
    deadline. Returns the e-mails sent."""
    today = today or timezone.localdate()
    sent = 0
    for round_ in SurveyRound.objects.filter(status=RoundStatus.OPEN).order_by("pk"):
        if round_.deadline < today:
            round_close(actor=None, round_=round_)
            continue
        due = [round_.deadline - datetime.timedelta(days=days) for days in REMIND_BEFORE]
        due = max((day for day in due if day <= today), default=None)
        if due is None:
            continue
        waiting = _waiting(round_, today).exclude(reminded_at__date__gte=due)
        sent += _mail_each(waiting, kind="reminder")
    return sent


def _waiting(round_: SurveyRound, today: datetime.date):
    """The participants not answered yet, not bounced and not reminded today."""
    return (
        round_.participants.filter(status__in=(ParticipantStatus.INVITED, ParticipantStatus.STARTED))
        .filter(bounced_at__isnull=True)
        .exclude(reminded_at__date=today)
    )


def _mail_each(participants, *, kind: str) -> int:
    """Send each participant its e-mail, each locked, mailed and marked in one transaction; a refused recipient (or
    any failure of the mail server) marks the participant bounced with the reason."""
    sent = 0
    for pk in participants.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            participant = (
                participants.filter(pk=pk)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("round", "organization", "contact")
                .first()
            )
            if participant is None:
                continue
            now = timezone.now()
            contact = participant.contact
            if contact is None or not contact.email:
                SurveyParticipant.objects.filter(pk=pk).update(bounced_at=now, bounce_reason=gettext("No e-mail."))
                continue
            try:
                send_mail(
                    _subject(participant, kind), _body(participant, kind), settings.DEFAULT_FROM_EMAIL, [contact.email]
                )
            except (smtplib.SMTPException, OSError) as exc:
                SurveyParticipant.objects.filter(pk=pk).update(bounced_at=now, bounce_reason=_reason(exc))
                continue
            sent += 1
            marked = {"invited_at": now} if kind == "invitation" else {"reminded_at": now}
            SurveyParticipant.objects.filter(pk=pk).update(**marked)
    return sent


def _reason(exc: Exception) -> str:
    """What the mail server said, without the recipient's address (the owner sees the contact, not the e-mail)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {message.decode(errors='replace') if isinstance(message, bytes) else message}"
            for code, message in exc.recipients.values()
        )
    return f"{type(exc).__name__}: {exc}"[:500]


def respondent_url(participant: SurveyParticipant) -> str:
    return settings.SITAR_BASE_URL + reverse("survey-respond", args=[participant_token(participant)])


def _subject(participant: SurveyParticipant, kind: str) -> str:
    if kind == "invitation":
        return gettext("Partner survey of the network: %(title)s") % {"title": participant.round.title}
    return gettext("Reminder: partner survey %(title)s is due on %(deadline)s") % {
        "title": participant.round.title,
        "deadline": date_format(participant.round.deadline, "SHORT_DATE_FORMAT"),
    }


def _body(participant: SurveyParticipant, kind: str) -> str:
    round_ = participant.round
    return "\n".join(
        [
            gettext("Hello,"),
            "",
            gettext(
                "we ask %(organization)s how it works with the other organisations of the network and how it rates "
                "them. It takes about ten minutes; you can save and come back later."
            )
            % {"organization": participant.organization.name},
            gettext("Your personal link (do not forward it): %(url)s") % {"url": respondent_url(participant)},
            gettext("The survey is open until %(deadline)s.")
            % {"deadline": date_format(round_.deadline, "SHORT_DATE_FORMAT")},
            "",
            gettext("If you do not want to take part, say so on the page: you will not be asked again."),
        ]
    )


# ---------------------------------------------------------------------------------------------- the respondent --


def link_state(participant: SurveyParticipant, today: datetime.date | None = None) -> str:
    """What the respondent's link allows: "open", "submitted", "refused", "closed" (round closed, not open yet, or past
    its deadline)."""
    today = today or timezone.localdate()
    if participant.status == ParticipantStatus.SUBMITTED:
        return "submitted"
    if participant.status == ParticipantStatus.REFUSED:
        return "refused"
    round_ = participant.round
    if round_.status != RoundStatus.OPEN or round_.deadline < today:
        return "closed"
    return "open"


def others_of(participant: SurveyParticipant) -> list[Organization]:
    """The other organisations of the participant's round, the ones it answers about."""
    return list(
        Organization.objects.filter(survey_participations__round_id=participant.round_id)
        .exclude(pk=participant.organization_id)
        .order_by("name", "pk")
    )


def questions_of(round_: SurveyRound) -> list[SurveyQuestion]:
    return list(round_.questions.order_by("order", "pk"))


def stored_answers(participant: SurveyParticipant) -> dict[str, int]:
    """{field name: value} of the participant's saved answers."""
    return {
        answer_field(about, code): value
        for about, code, value in participant.answers.values_list("about_id", "question__code", "value")
    }


@transaction.atomic
def answers_save(
    *, participant: SurveyParticipant, data: dict[str, str], submit: bool = False, today: datetime.date | None = None
) -> SurveyParticipant:
    """Save a respondent's answers (form fields ``q-<organisation>-<code>``) as a draft, or submit them. The trust and
    value answers about an organisation the respondent does not work with (frequency 0) are not kept. A submission
    needs the frequency for every organisation and every other answer where the frequency is not 0."""
    participant = SurveyParticipant.objects.select_for_update().select_related("round").get(pk=participant.pk)
    if link_state(participant, today) != "open":
        raise ValidationError(_("The survey no longer accepts answers."))
    questions = questions_of(participant.round)
    others = others_of(participant)
    errors: dict[str, list] = {}
    values: dict[tuple[int, int], int] = {}
    for organization in others:
        frequency = None
        for question in questions:
            field = answer_field(organization.pk, question.code)
            raw = (data.get(field) or "").strip()
            if question.section != Section.FREQUENCY and frequency == 0:
                continue
            if not raw:
                if submit:
                    errors[field] = [_("Choose an answer.")]
                continue
            allowed = {value for value, _label in SCALES[question.section]}
            if not (raw.isascii() and raw.isdigit()) or int(raw) not in allowed:
                errors[field] = [_("Choose one of the answers offered.")]
                continue
            values[(organization.pk, question.pk)] = int(raw)
            if question.section == Section.FREQUENCY:
                frequency = int(raw)
    if errors:
        raise ValidationError(errors)
    participant.answers.all().delete()
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(participant=participant, about_id=about, question_id=question, value=value)
        for (about, question), value in values.items()
    )
    now = timezone.now()
    participant.last_saved_at = now
    if submit:
        participant.status, participant.submitted_at = ParticipantStatus.SUBMITTED, now
    else:
        participant.status = ParticipantStatus.STARTED
    participant.save(update_fields=["status", "last_saved_at", "submitted_at"])
    return participant


@transaction.atomic
def participant_refuse(*, participant: SurveyParticipant, today: datetime.date | None = None) -> SurveyParticipant:
    """The respondent does not want to take part: its answers are dropped, and its contact is never asked again."""
    participant = SurveyParticipant.objects.select_for_update().select_related("round").get(pk=participant.pk)
    if link_state(participant, today) != "open":
        raise ValidationError(_("The survey no longer accepts answers."))
    participant.answers.all().delete()
    participant.status = ParticipantStatus.REFUSED
    participant.save(update_fields=["status"])
    if participant.contact_id is not None:
        SurveyRefusal.objects.get_or_create(contact_id=participant.contact_id, defaults={"round": participant.round})
    return participant
