"""What the regional demo's meetings show: organisations verified on visits, and cooperation links with evidence."""

import datetime

from core.services import place, save_validated
from demo import bulk
from demo.activity import ActivityBuilder
from demo.activity_plans import SOCIAL
from demo.world import Member
from network.models import CooperationLink, LinkKind, LinkStatus
from organizations.models import OrganizationKind as K


def verify_organizations(activity: ActivityBuilder) -> None:
    """Some organisations had their record confirmed on their latest visit, a year ago or more for some."""
    world = activity.world
    for member in world.members:
        visits = activity.visits.get(member.organization.pk)
        full = world.plan_of(member.organization.region_id).full
        if not visits or world.rng.random() >= (0.35 if full else 0.2):
            continue
        visit = max(visits, key=lambda meeting: meeting.held_on)
        organization = member.organization
        # organization_verify stamps "now", but the demo's visits happened in the past: the same fields are set here
        # with the visit's date, and saved through the same validated save with history.
        organization.verified_at = activity.logged[visit.pk]
        organization.verified_by, organization.verified_in = visit.created_by, visit
        organization._history_date = organization.verified_at
        save_validated(organization, actor=visit.created_by, reason="verified", action="verify")


def link_kind(rng, ka: str, kb: str, level_a: str = "orp", level_b: str = "orp") -> tuple[bool, str, bool] | None:
    """The believable kind of cooperation between organisations of two kinds: (A acts towards B, kind, directed),
    or None when such a pair would not record any."""
    if ka == K.OSPOD and kb == K.OSPOD:
        if "kraj" in (level_a, level_b):
            return level_a == "kraj", LinkKind.METHODICAL_SUPPORT, True
        return True, LinkKind.INFORMATION_SHARING, False
    # The OSPOD, the counselling facility, the town that funds: the acting party is the source (A) of the link.
    if K.OSPOD in (ka, kb):
        other = kb if ka == K.OSPOD else ka
        if other in SOCIAL:
            if rng.random() < 0.35:
                return ka == K.OSPOD, LinkKind.REFERRAL, True
            return ka == K.OSPOD, LinkKind.CASE_COOPERATION, False
        if other in (K.SCHOOL, K.SCHOOL_COUNSELLING, K.HEALTH, K.POLICE, K.COURT):
            return ka == K.OSPOD, rng.choice([LinkKind.CASE_COOPERATION, LinkKind.INFORMATION_SHARING]), False
        return ka == K.OSPOD, LinkKind.INFORMATION_SHARING, False
    kinds = {ka, kb}
    if kinds == {K.SCHOOL_COUNSELLING, K.SCHOOL}:
        return ka == K.SCHOOL_COUNSELLING, LinkKind.METHODICAL_SUPPORT, True
    if K.MUNICIPALITY in kinds and kinds & SOCIAL:
        return ka == K.MUNICIPALITY, LinkKind.FUNDING, True
    if kinds <= SOCIAL:
        if rng.random() < 0.5:
            return rng.random() < 0.5, LinkKind.REFERRAL, True
        return True, LinkKind.JOINT_ACTIVITY, False
    if kinds & SOCIAL and kinds & {K.SCHOOL, K.HEALTH, K.SCHOOL_COUNSELLING}:
        return kb in SOCIAL, rng.choice([LinkKind.REFERRAL, LinkKind.JOINT_ACTIVITY]), True
    if rng.random() < 0.15:
        return True, LinkKind.INFORMATION_SHARING, False
    return None


class LinkBuilder:
    """Cooperation links between organisations that met, the meetings as evidence, and a few links never reconfirmed."""

    def __init__(self, activity: ActivityBuilder):
        self.activity = activity
        self.world = activity.world
        self.rng = activity.world.rng
        self.made: set[tuple[int, int, str]] = set()
        self.links: list[tuple[CooperationLink, list]] = []

    def build(self) -> list[tuple[CooperationLink, list]]:
        """Create the links with their evidence; return each link with its evidence meetings."""
        rng = self.rng
        by_pk = {member.organization.pk: member for member in self.world.members}
        for (a, b), meetings in sorted(self.activity.pairs.items()):
            first, second = by_pk[a], by_pk[b]
            ospod_pair = K.OSPOD in (first.organization.kind, second.organization.kind)
            # Pairs that met more often cooperate more likely; the small kraj's pools are small, so damp it there.
            damping = 1.0 if self.world.plan_of(first.organization.region_id).full else 0.6
            if rng.random() >= damping * min(0.8, (0.2 if ospod_pair else 0.05) + 0.12 * (len(meetings) - 1)):
                continue
            choice = self._kind(first, second)
            if choice is None:
                continue
            source, target, kind, directed = choice
            evidence = sorted(meetings, key=lambda meeting: meeting.held_on)[-3:]
            self._prepare(source, target, kind, directed, evidence)
            if (
                ospod_pair
                and len(meetings) >= 2
                and rng.random() < 0.3
                and {source.organization.kind, target.organization.kind} & SOCIAL
            ):
                self._prepare(source, target, LinkKind.FORMAL_AGREEMENT, False, evidence)
        for district in sorted(self.world.districts.values(), key=lambda d: d.code):
            local = self.activity._pool(district, local=True)
            for _ in range(rng.randint(1, 3) if len(local) > 2 else 0):
                source, target = rng.sample(local, 2)
                self._prepare(source, target, rng.choice([LinkKind.INFORMATION_SHARING, LinkKind.REFERRAL]), False, [])
        bulk.create(CooperationLink, [link for link, _ in self.links])
        bulk.insert_pairs(
            CooperationLink.evidence.through,
            "cooperationlink_id",
            "meeting_id",
            [(link.pk, meeting.pk) for link, evidence in self.links for meeting in evidence],
        )
        return self.links

    def _kind(self, a: Member, b: Member):
        """The kind of cooperation between two members, with who acts towards whom."""
        choice = link_kind(self.rng, a.organization.kind, b.organization.kind, a.level, b.level)
        if choice is None:
            return None
        a_acts, kind, directed = choice
        return (a, b, kind, directed) if a_acts else (b, a, kind, directed)

    def _prepare(self, source: Member, target: Member, kind: str, directed: bool, evidence: list) -> None:
        """Prepare one validated link unless the pair already has a link of this kind.

        Evidence comes only from meetings both organisations took part in (the rule link_create checks), and the link
        counts as confirmed on the latest of them, as link_create records it.
        """
        rng, today = self.rng, self.world.today
        key = (*sorted((source.organization.pk, target.organization.pk)), kind)
        if key in self.made:
            return
        self.made.add(key)
        if evidence:
            since = evidence[0].held_on - datetime.timedelta(days=rng.randrange(0, 900))
            last = evidence[-1].held_on
        else:
            since = today - datetime.timedelta(days=rng.randrange(3 * 365, 6 * 365))
            last = since
        formal = kind == LinkKind.FORMAL_AGREEMENT or (kind == LinkKind.FUNDING and rng.random() < 0.6)
        status = rng.choices([LinkStatus.ACTIVE, LinkStatus.DORMANT, LinkStatus.ENDED], weights=[90, 6, 4])[0]
        link = CooperationLink(
            source=source.organization,
            target=target.organization,
            kind=kind,
            directed=directed,
            strength=min(5, max(1, len(evidence) + rng.randint(0, 2) - (0 if evidence else 1))),
            formalized=formal,
            agreement_date=min(today, since + datetime.timedelta(days=rng.randrange(0, 200))) if formal else None,
            since=since,
            status=status,
            until=min(today, last + datetime.timedelta(days=rng.randrange(30, 200)))
            if status == LinkStatus.ENDED
            else None,
            confirmed_on=last if evidence else None,
        )
        place(link, source.organization.district)
        self.links.append((bulk.validated(link, actor=self.world.actor_for(source.organization.district)), evidence))
