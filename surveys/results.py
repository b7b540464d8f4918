"""The results of a partner survey round, as pure functions over its rows (surveys.selectors.round_rows): per pair of
organisations both sides' answers, reciprocity and agreement; per organisation the trust and value it receives; the
network's numbers; the comparison with the previous round; and what may be shown to anyone but the round's owner
(aggregates of at least MIN_RESPONDENTS respondents).

Only submitted answers count. The trust and value of a rating are the means of its trust and value items; they count
only where the respondent works with the organisation (frequency not 0).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from statistics import mean

# Below this many respondents an aggregate would let the others' answers be guessed: it is not shown.
MIN_RESPONDENTS = 3

FREQUENCY_SECTION, TRUST_SECTION, VALUE_SECTION = "frequency", "trust", "value"


@dataclass(frozen=True)
class Respondent:
    participant_id: int
    organization_id: int
    status: str


@dataclass(frozen=True)
class Answer:
    organization_id: int  # the respondent's organisation
    about_id: int
    section: str
    code: str
    value: int


@dataclass(frozen=True)
class Rating:
    """What one organisation answered about another: how often they work together, its trust and value means."""

    frequency: int | None
    trust: float | None
    value: float | None

    @property
    def works_with(self) -> bool:
        return bool(self.frequency)


@dataclass(frozen=True)
class Pair:
    """Two organisations of the round (a < b by id) and what each answered about the other."""

    a: int
    b: int
    a_about_b: Rating | None
    b_about_a: Rating | None

    @property
    def both_answered(self) -> bool:
        return self.a_about_b is not None and self.b_about_a is not None

    @property
    def working(self) -> bool:
        """At least one side reports working together."""
        return any(r is not None and r.works_with for r in (self.a_about_b, self.b_about_a))

    @property
    def reciprocal(self) -> bool | None:
        """Both sides report working together, where at least one does and both answered; None: not known."""
        if not self.both_answered or not self.working:
            return None
        return self.a_about_b.works_with and self.b_about_a.works_with

    @property
    def trust_difference(self) -> float | None:
        return _difference(self, "trust")

    @property
    def value_difference(self) -> float | None:
        return _difference(self, "value")


def _difference(pair: Pair, name: str) -> float | None:
    if not pair.both_answered:
        return None
    one, other = getattr(pair.a_about_b, name), getattr(pair.b_about_a, name)
    return None if one is None or other is None else round(abs(one - other), 2)


@dataclass(frozen=True)
class OrganizationScore:
    organization_id: int
    trust: float | None
    value: float | None
    raters: int


@dataclass(frozen=True)
class Network:
    participants: int
    submitted: int
    refused: int
    possible_pairs: int
    working_pairs: int
    reciprocal_pairs: int
    known_pairs: int  # pairs whose reciprocity is known (both answered, at least one works with the other)
    mean_trust: float | None
    mean_value: float | None

    @property
    def response_rate(self) -> float | None:
        return self.submitted / self.participants if self.participants else None

    @property
    def density(self) -> float | None:
        return self.working_pairs / self.possible_pairs if self.possible_pairs else None

    @property
    def reciprocity_rate(self) -> float | None:
        return self.reciprocal_pairs / self.known_pairs if self.known_pairs else None


@dataclass
class Results:
    network: Network
    pairs: list[Pair] = field(default_factory=list)
    organizations: dict[int, OrganizationScore] = field(default_factory=dict)


def _mean(values) -> float | None:
    values = list(values)
    return round(mean(values), 2) if values else None


def ratings(respondents: list[Respondent], answers: list[Answer]) -> dict[tuple[int, int], Rating]:
    """{(respondent's organisation, organisation rated): Rating} of the submitted respondents."""
    submitted = {r.organization_id for r in respondents if r.status == "submitted"}
    by_pair: dict[tuple[int, int], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for answer in answers:
        if answer.organization_id in submitted and answer.organization_id != answer.about_id:
            by_pair[(answer.organization_id, answer.about_id)][answer.section].append(answer.value)
    found = {}
    for key, sections in by_pair.items():
        frequency = sections[FREQUENCY_SECTION][0] if sections[FREQUENCY_SECTION] else None
        works = bool(frequency)
        found[key] = Rating(
            frequency=frequency,
            trust=_mean(sections[TRUST_SECTION]) if works else None,
            value=_mean(sections[VALUE_SECTION]) if works else None,
        )
    return found


def results(respondents: list[Respondent], answers: list[Answer]) -> Results:
    """Everything the round's owner sees: the network's numbers, every pair, every organisation's scores."""
    rated = ratings(respondents, answers)
    organizations = sorted({r.organization_id for r in respondents})
    pairs = [Pair(a, b, rated.get((a, b)), rated.get((b, a))) for a, b in combinations(organizations, 2)]
    scores = {}
    for organization in organizations:
        received = [rating for (_who, about), rating in rated.items() if about == organization and rating.works_with]
        scores[organization] = OrganizationScore(
            organization,
            trust=_mean(r.trust for r in received if r.trust is not None),
            value=_mean(r.value for r in received if r.value is not None),
            raters=len(received),
        )
    working = [rating for rating in rated.values() if rating.works_with]
    network = Network(
        participants=len(respondents),
        submitted=sum(r.status == "submitted" for r in respondents),
        refused=sum(r.status == "refused" for r in respondents),
        possible_pairs=len(pairs),
        working_pairs=sum(pair.working for pair in pairs),
        reciprocal_pairs=sum(pair.reciprocal is True for pair in pairs),
        known_pairs=sum(pair.reciprocal is not None for pair in pairs),
        mean_trust=_mean(r.trust for r in working if r.trust is not None),
        mean_value=_mean(r.value for r in working if r.value is not None),
    )
    return Results(network=network, pairs=[p for p in pairs if p.a_about_b or p.b_about_a], organizations=scores)


def directed_ratings(pairs: list[Pair]):
    """Each pair's ratings one way at a time where the respondent works with the other: (source, target, rating,
    pair); the owner's arrows on the map and in the graph exports."""
    for pair in pairs:
        for source, target, rating in ((pair.a, pair.b, pair.a_about_b), (pair.b, pair.a, pair.b_about_a)):
            if rating is not None and rating.works_with:
                yield source, target, rating, pair


@dataclass(frozen=True)
class Aggregates:
    """What anyone but the owner sees: counts of the response, the network's numbers only with at least
    MIN_RESPONDENTS submitted, an organisation's scores only with at least MIN_RESPONDENTS raters (else None)."""

    participants: int
    submitted: int
    network: Network | None
    organizations: dict[int, OrganizationScore | None]


def aggregates(full: Results) -> Aggregates:
    network = full.network
    return Aggregates(
        participants=network.participants,
        submitted=network.submitted,
        network=network if network.submitted >= MIN_RESPONDENTS else None,
        organizations={
            pk: score if score.raters >= MIN_RESPONDENTS else None for pk, score in full.organizations.items()
        },
    )


NETWORK_NUMBERS = ("response_rate", "density", "reciprocity_rate", "mean_trust", "mean_value")


@dataclass(frozen=True)
class Change:
    before: float | None
    now: float | None

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.now is None else round(self.now - self.before, 2)


def comparison(now: Aggregates, before: Aggregates) -> dict:
    """The network's numbers and the organisations' scores of two rounds side by side, with their differences; a
    suppressed number (None) stays None on either side."""
    network = {
        name: Change(
            getattr(before.network, name) if before.network else None,
            getattr(now.network, name) if now.network else None,
        )
        for name in NETWORK_NUMBERS
    }
    organizations = {}
    for pk in now.organizations:
        current, previous = now.organizations.get(pk), before.organizations.get(pk)
        organizations[pk] = {
            "trust": Change(previous.trust if previous else None, current.trust if current else None),
            "value": Change(previous.value if previous else None, current.value if current else None),
        }
    return {"network": network, "organizations": organizations}


def round_results(full: Results, *, owner: bool) -> Aggregates:
    """What a viewer of the round sees of its results: everything for its owner, else the aggregates."""
    return owner_view(full) if owner else aggregates(full)


def owner_view(full: Results) -> Aggregates:
    """The owner's own aggregates: nothing suppressed."""
    return Aggregates(full.network.participants, full.network.submitted, full.network, dict(full.organizations))
