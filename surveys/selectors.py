"""Reads of partner surveys: the rounds a user sees, where they may start one, the organisations a new round offers,
and a round's answers as plain rows for surveys.results (also what the network map's survey layer reads)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from contacts.models import Contact
from organizations.models import Organization, OrganizationStatus
from permissions.rules import Level, level
from permissions.scoping import get_scope
from permissions.selectors import districts_where
from surveys.models import RoundStatus, SurveyAnswer, SurveyParticipant, SurveyRound
from surveys.results import Answer, Respondent
from territory.models import District, Region


def is_owner(user, round_: SurveyRound) -> bool:
    """Only the round's owner sees who answered what."""
    return round_.owner_id == user.pk


def round_list(*, user) -> QuerySet[SurveyRound]:
    """The rounds the user may see, by territory, newest first."""
    return (
        SurveyRound.objects.restrict(user, "view")
        .select_related("region", "district", "owner")
        .order_by("region__name", "district__name", "-created_at", "-pk")
    )


def round_places(user) -> tuple[QuerySet[District], QuerySet[Region]]:
    """Where the user may start a round: the ORPs (permissions' districts_where) and the kraje where a rule at the
    REGION level lets them (a kraj's round)."""
    scope = get_scope(user)
    districts = districts_where(user, "surveyround", "add")
    if scope.superuser:
        return districts, Region.objects.order_by("name")
    regions = {
        a.region_id
        for a in scope.assignments
        if level(a.role, "surveyround", "add") in (Level.REGION, Level.ALL) and a.region_id
    }
    if any(level(a.role, "surveyround", "add") is Level.ALL for a in scope.assignments):
        return districts, Region.objects.order_by("name")
    return districts, Region.objects.filter(pk__in=regions).order_by("name")


@dataclass
class Candidate:
    """An organisation a new round offers, the contacts who may answer for it and the one chosen by default."""

    organization: Organization
    contacts: list[Contact] = field(default_factory=list)
    refused: list[Contact] = field(default_factory=list)

    @property
    def default_contact(self) -> Contact | None:
        return self.contacts[0] if self.contacts else None


def round_candidates(*, user, district: District | None, region: Region | None) -> list[Candidate]:
    """The active organisations seated in the territory that the user sees and that have a contact with an e-mail;
    contacts who refused partner surveys are listed apart (never chosen)."""
    organizations = Organization.objects.restrict(user, "view").filter(status=OrganizationStatus.ACTIVE)
    organizations = organizations.filter(district=district) if district else organizations.filter(region=region)
    contacts = (
        Contact.objects.filter(erased_at__isnull=True)
        .exclude(email="")
        .select_related("survey_refusal")
        .order_by("name", "pk")
    )
    candidates = []
    for organization in organizations.prefetch_related(Prefetch("contacts", queryset=contacts)).order_by("name", "pk"):
        people = list(organization.contacts.all())
        if not people:
            continue
        candidates.append(
            Candidate(
                organization,
                contacts=[c for c in people if not hasattr(c, "survey_refusal")],
                refused=[c for c in people if hasattr(c, "survey_refusal")],
            )
        )
    return candidates


def round_rows(round_: SurveyRound) -> tuple[list[Respondent], list[Answer]]:
    """The round's participants and answers as the plain rows surveys.results computes on (two queries)."""
    respondents = [
        Respondent(pk, organization, status)
        for pk, organization, status in SurveyParticipant.objects.filter(round=round_)
        .order_by("pk")
        .values_list("pk", "organization_id", "status")
    ]
    answers = [
        Answer(organization, about, section, code, value)
        for organization, about, section, code, value in SurveyAnswer.objects.filter(participant__round=round_)
        .order_by("pk")
        .values_list("participant__organization_id", "about_id", "question__section", "question__code", "value")
    ]
    return respondents, answers


def round_names(*, user, round_: SurveyRound) -> dict[int, str]:
    """The names of the round's organisations that the user may see (by id): what its pages and exports name."""
    return dict(
        Organization.objects.restrict(user, "view")
        .filter(survey_participations__round=round_)
        .values_list("pk", "name")
    )


def latest_round(*, user, district: District | None, region: Region | None) -> SurveyRound | None:
    """The latest opened round of the territory (an ORP's, or the kraj's when no ORP is given) the user may see: the
    network map's survey layer."""
    rounds = SurveyRound.objects.restrict(user, "view").exclude(status=RoundStatus.DRAFT)
    rounds = rounds.filter(district=district) if district else rounds.filter(region=region, district__isnull=True)
    return rounds.order_by("-opened_at", "-pk").first()
