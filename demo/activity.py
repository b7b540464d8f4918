"""Two years of the regional demo's network life: meetings with their participants, follow-ups and needs.

They are many and dated in the past, so they are validated and written in bulk with history rows dated when each record
was logged (demo.bulk), and moved along their lifecycle with a history row per move.
"""

import datetime
import itertools
import uuid
from dataclasses import dataclass

from django.utils import timezone

from core.services import place
from demo import bulk, texts
from demo.users import JIHLAVA
from demo.world import PLANS, Member, World
from meetings.models import FollowUp, Meeting, MeetingKind, Need, NeedPriority, NeedStatus
from organizations.models import OrganizationKind as K
from organizations.models import ServiceKind, TargetGroup

SOCIAL = {K.NGO, K.SOCIAL_SERVICE_PROVIDER, K.CHURCH_CHARITY, K.FOSTER_CARE_AGENCY}
# How long each kind of meeting lasts, in minutes.
DURATION = {
    MeetingKind.VISIT: 60,
    MeetingKind.WORKING_MEETING: 90,
    MeetingKind.ROUND_TABLE: 180,
    MeetingKind.PLATFORM: 240,
    MeetingKind.WORKSHOP: 180,
    MeetingKind.TRAINING: 360,
    MeetingKind.CASE_CONFERENCE: 90,
}
SEASONS = {
    1: "zima",
    2: "zima",
    3: "jaro",
    4: "jaro",
    5: "jaro",
    6: "léto",
    7: "léto",
    8: "léto",
    9: "podzim",
    10: "podzim",
    11: "podzim",
    12: "zima",
}


@dataclass
class Plan:
    """A meeting about to be logged."""

    kind: str
    title: str
    day: datetime.date
    district: object
    participants: list[Member]
    organizer: Member | None = None
    case: object = None
    location: str = ""


class ActivityBuilder:
    """Logs the meetings of two years and everything that follows from them."""

    def __init__(self, world: World):
        self.world = world
        self.rng = world.rng
        self.meetings: list[Meeting] = []
        self.logged: dict[int, datetime.datetime] = {}
        self.first_seen: dict[int, datetime.date] = {}
        self.visits: dict[int, list[Meeting]] = {}
        self.pairs: dict[tuple[int, int], list[Meeting]] = {}
        self.participants: dict[int, list[Member]] = {}

    # ------------------------------------------------------------------------------------------------ meetings --

    def build(self) -> None:
        """Log the meetings, then the follow-ups and needs agreed and heard in them."""
        plans = []
        for plan in PLANS:
            region = self.world.regions[plan.code]
            for district in sorted(
                (d for d in self.world.districts.values() if d.region_id == region.pk), key=lambda d: d.code
            ):
                plans += self._district_plans(plan, district)
            plans += self._platforms(plan)
        plans += self._case_conferences()
        self._create_meetings(plans)
        self._create_followups()
        self._create_needs()

    def _day(self, low: datetime.date, high: datetime.date) -> datetime.date:
        """A working day between two dates, never after today."""
        high = min(high, self.world.today)
        day = low + datetime.timedelta(days=self.rng.randrange(max(1, (high - low).days + 1)))
        if day.weekday() >= 5:
            day += datetime.timedelta(days=7 - day.weekday())
            if day > self.world.today:
                day -= datetime.timedelta(days=3)
        return day

    def _pool(self, district, local: bool = False) -> list[Member]:
        """The active organisations of a district, or those that serve it too."""
        return [
            member
            for member in self.world.members
            if member.organization.status == "active"
            and (member.organization.district_id == district.pk if local else district.pk in member.served)
        ]

    def _district_plans(self, plan, district) -> list[Plan]:
        """The visits, working meetings, round tables, workshops and trainings of one ORP."""
        rng, start, today = self.rng, self.world.start, self.world.today
        size = plan.sizes.get(district.code, 0)
        local, pool, ospod = self._pool(district, local=True), self._pool(district), self.world.ospod_of(district)
        social = [member for member in pool if member.organization.kind in SOCIAL] or pool
        plans = []
        for member in local:
            if rng.random() < (0.92 if plan.full else 0.7):
                first = self._day(start, start + datetime.timedelta(days=450))
                where = f"{member.organization.street}, {member.organization.municipality}"
                plans.append(
                    Plan(
                        MeetingKind.VISIT,
                        f"Návštěva – {member.organization.name}",
                        first,
                        district,
                        [member],
                        location=where,
                    )
                )
                if rng.random() < (0.35 if plan.full else 0.1):
                    again = self._day(first + datetime.timedelta(days=60), today)
                    plans.append(
                        Plan(
                            MeetingKind.VISIT,
                            f"Opakovaná návštěva – {member.organization.name}",
                            again,
                            district,
                            [member],
                            location=where,
                        )
                    )
        seat_name = ospod.organization.municipality.name
        for _ in range(6 + 2 * size if plan.full else 2):
            organizer = ospod if rng.random() < 0.5 else rng.choice(social)
            others = rng.sample(pool, min(len(pool), rng.randint(1, 4)))
            plans.append(
                Plan(
                    MeetingKind.WORKING_MEETING,
                    f"Pracovní setkání: {rng.choice(texts.WORKING_TOPICS)}",
                    self._day(start, today),
                    district,
                    [organizer, *others],
                    organizer,
                    location=rng.choice(texts.LOCATIONS).format(town=seat_name),
                )
            )
        hosts = [member for member in local if member.archetype.code == "town_hall"] + [ospod]
        for index in range(4 if plan.full else 2):
            offset = (90 + 180 * index) if plan.full else (300 * (index + 1))
            day = self._day(start + datetime.timedelta(days=offset - 20), start + datetime.timedelta(days=offset + 20))
            organizer = hosts[index % len(hosts)]
            guests = rng.sample(pool, min(len(pool), rng.randint(6, 14)))
            title = f"Kulatý stůl sítě služeb pro rodiny ORP {district.name} – {SEASONS[day.month]} {day.year}"
            plans.append(
                Plan(
                    MeetingKind.ROUND_TABLE,
                    title,
                    day,
                    district,
                    [organizer, ospod, *guests],
                    organizer,
                    location=rng.choice(texts.LOCATIONS).format(town=seat_name),
                )
            )
        for kind, count, topics in (
            (MeetingKind.WORKSHOP, 2 if plan.full else 1, texts.WORKSHOP_TOPICS),
            (MeetingKind.TRAINING, 2 if plan.full else 0, texts.TRAINING_TOPICS),
        ):
            for _ in range(count):
                organizer = rng.choice(social)
                guests = rng.sample(pool, min(len(pool), rng.randint(3, 9)))
                label = "Workshop" if kind == MeetingKind.WORKSHOP else "Školení"
                plans.append(
                    Plan(
                        kind,
                        f"{label}: {rng.choice(topics)}",
                        self._day(start, today),
                        district,
                        [organizer, *guests],
                        organizer,
                        location=rng.choice(texts.LOCATIONS).format(town=seat_name),
                    )
                )
        return plans

    def _platforms(self, plan) -> list[Plan]:
        """The kraj's regional platforms: quarterly in the kraj drawn in depth, twice a year in the other."""
        rng, region = self.rng, self.world.regions[plan.code]
        seat = self.world.districts[plan.seat]
        in_kraj = [member for member in self.world.members if member.organization.region_id == region.pk]
        office = next(member for member in in_kraj if member.organization.kind == K.OSPOD and member.level == "kraj")
        ospods = [member for member in in_kraj if member.organization.kind == K.OSPOD and member.level == "orp"]
        wide = [member for member in in_kraj if member.level == "kraj" and member is not office]
        plans = []
        step = 91 if plan.full else 182
        for index in range(730 // step):
            centre = self.world.start + datetime.timedelta(days=45 + step * index)
            day = self._day(centre - datetime.timedelta(days=10), centre + datetime.timedelta(days=10))
            quarter = (day.month - 1) // 3 + 1
            guests = rng.sample(ospods, max(1, int(len(ospods) * 0.6))) + rng.sample(wide, min(len(wide), 5))
            plans.append(
                Plan(
                    MeetingKind.PLATFORM,
                    f"Krajská platforma síťování {plan.genitive} – {quarter}. čtvrtletí {day.year}",
                    day,
                    seat,
                    [office, *guests],
                    office,
                    location=f"Krajský úřad {plan.genitive}, {seat.name}",
                )
            )
        return plans

    def _case_conferences(self) -> list[Plan]:
        """One to three case conferences of every demo case, with the OSPOD and the organisations involved."""
        plans = []
        by_pk = {member.organization.pk: member for member in self.world.members}
        for case in self.world.cases:
            ospod = by_pk[case.ospod_id]
            involved = [by_pk[i.organization_id] for i in case.involvements.all()]
            end = case.closed_on or self.world.today
            for _ in range(self.rng.randint(1, 3)):
                day = self._day(case.opened_on + datetime.timedelta(days=14), end)
                plans.append(
                    Plan(
                        MeetingKind.CASE_CONFERENCE,
                        f"Případová konference {case.reference}",
                        day,
                        ospod.organization.district,
                        [ospod, *involved],
                        ospod,
                        case,
                        location=f"{ospod.organization.name}, {ospod.organization.street}",
                    )
                )
        return plans

    def _logger(self, plan: Plan):
        """Who logged the meeting: the OSPOD worker for Jihlava's cases, the administrator for other cases, the
        kraj's user for platforms, else the district's."""
        if plan.kind == MeetingKind.CASE_CONFERENCE:
            owner = plan.case.ospod
            return self.world.users["ospod.jihlava" if owner.district.code == JIHLAVA else "admin"]
        if plan.kind == MeetingKind.PLATFORM:
            return self.world.regional_user(plan.district.region_id)
        return self.world.actor_for(plan.district)

    def _create_meetings(self, plans: list[Plan]) -> None:
        """Validate and bulk-create the meetings with their history, participants and contact persons."""
        rng = self.rng
        plans.sort(key=lambda p: (p.day, p.title))
        org_rows, contact_rows, participants = [], [], []
        for plan in plans:
            unique = list({member.organization.pk: member for member in plan.participants}.values())
            begins = datetime.datetime.combine(
                plan.day, datetime.time(rng.choice([8, 9, 10, 13, 14]), rng.choice([0, 30]))
            )
            ends = begins + datetime.timedelta(minutes=DURATION[plan.kind])
            if plan.kind == MeetingKind.VISIT:
                summary, outcomes = texts.visit_texts(rng)
            elif plan.kind == MeetingKind.CASE_CONFERENCE:
                summary, outcomes = texts.case_texts(rng)
            else:
                summary, outcomes = texts.group_texts(rng)
            meeting = Meeting(
                kind=plan.kind,
                title=plan.title[:255],
                held_on=plan.day,
                starts_at=begins.time(),
                ends_at=ends.time(),
                location=plan.location[:255],
                organizer=plan.organizer.organization if plan.organizer else None,
                case=plan.case,
                summary=summary,
                outcomes=outcomes,
                created_by=self._logger(plan),
                uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
            )
            place(meeting, plan.district)
            logged = min(timezone.make_aware(ends + datetime.timedelta(minutes=rng.randrange(30, 240))), timezone.now())
            self.meetings.append(bulk.validated(meeting, actor=meeting.created_by, moment=logged))
            participants.append(unique)
            for member in unique:
                pk = member.organization.pk
                self.first_seen[pk] = min(self.first_seen.get(pk, plan.day), plan.day)
        bulk.create(Meeting, self.meetings)
        for meeting, unique in zip(self.meetings, participants):
            self.logged[meeting.pk] = meeting._history_date
            self.participants[meeting.pk] = unique
            people = []
            for member in unique:
                org_rows.append((meeting.pk, member.organization.pk))
                chance = 1.0 if meeting.kind == MeetingKind.VISIT else 0.6
                if member.contacts and rng.random() < chance:
                    people += rng.sample(member.contacts, 1 if len(member.contacts) < 2 or rng.random() < 0.6 else 2)
                if meeting.kind == MeetingKind.VISIT:
                    self.visits.setdefault(member.organization.pk, []).append(meeting)
            contact_rows += [(meeting.pk, contact.pk) for contact in people]
            for a, b in itertools.combinations(sorted(member.organization.pk for member in unique), 2):
                self.pairs.setdefault((a, b), []).append(meeting)
        bulk.insert_pairs(Meeting.organizations.through, "meeting_id", "organization_id", org_rows)
        bulk.insert_pairs(Meeting.contacts.through, "meeting_id", "contact_id", contact_rows)

    # ------------------------------------------------------------------------------------ follow-ups and needs --

    def _create_followups(self) -> None:
        """Tasks agreed in meetings: most past ones done, some overdue, some still to come."""
        rng, today = self.rng, self.world.today
        chance = {
            MeetingKind.VISIT: 0.3,
            MeetingKind.WORKING_MEETING: 0.6,
            MeetingKind.ROUND_TABLE: 0.9,
            MeetingKind.PLATFORM: 0.8,
            MeetingKind.WORKSHOP: 0.4,
            MeetingKind.TRAINING: 0.1,
            MeetingKind.CASE_CONFERENCE: 0.9,
        }
        followups, done = [], []
        for meeting in self.meetings:
            if rng.random() >= chance[meeting.kind]:
                continue
            for task in rng.sample(texts.FOLLOWUP_TASKS, 1 if rng.random() < 0.7 else 2):
                followup = FollowUp(
                    meeting=meeting,
                    description=task,
                    assignee=meeting.created_by,
                    due_on=meeting.held_on + datetime.timedelta(days=rng.randrange(7, 46)),
                    uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                )
                place(followup, meeting.district)
                followups.append(bulk.validated(followup, actor=meeting.created_by, moment=self.logged[meeting.pk]))
                finished = rng.random() < (0.85 if followup.due_on < today else 0.2)
                if finished:
                    latest = min(today, followup.due_on + datetime.timedelta(days=5))
                    done.append((followup, self._day(meeting.held_on, latest)))
        bulk.create(FollowUp, followups)
        for followup, day in done:
            followup.done_at = max(self._moment(day), followup._history_date)
            followup.version += 1
            bulk.validated(followup, actor=followup.assignee, moment=followup.done_at, reason="done")
        self._record_changes(FollowUp, [f for f, _ in done], ["done_at", "version"])

    def _create_needs(self) -> None:
        """Needs heard at round tables, platforms, working meetings and visits, in every status."""
        rng, today = self.rng, self.world.today
        kinds = {kind.code: kind for kind in ServiceKind.objects.all()}
        groups = {group.code: group for group in TargetGroup.objects.all()}
        chance = {
            MeetingKind.VISIT: 0.1,
            MeetingKind.WORKING_MEETING: 0.3,
            MeetingKind.ROUND_TABLE: 0.9,
            MeetingKind.PLATFORM: 0.5,
            MeetingKind.WORKSHOP: 0.3,
        }
        needs, heard, stages = [], set(), []
        for meeting in self.meetings:
            if rng.random() >= chance.get(meeting.kind, 0):
                continue
            for _ in range(1 if rng.random() < 0.6 else 2):
                raiser = rng.choice(self.participants[meeting.pk])
                district = meeting.district if meeting.kind != MeetingKind.PLATFORM else raiser.organization.district
                fresh = [t for t in texts.NEEDS if (district.pk, t.title) not in heard] or texts.NEEDS
                template = rng.choice(fresh)
                heard.add((district.pk, template.title))
                need = Need(
                    title=template.title.format(orp=district.name),
                    category=template.category,
                    description=f"Zaznělo na setkání „{meeting.title}“.",
                    wanted_service_kind=kinds.get(template.kind),
                    target_group=groups.get(template.group),
                    priority=rng.choices(NeedPriority.values, weights=[2, 5, 3])[0],
                    raised_by=raiser.organization,
                    raised_in=meeting,
                    created_by=self.world.actor_for(district),
                    uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                )
                place(need, district)
                needs.append(bulk.validated(need, actor=need.created_by, moment=self.logged[meeting.pk]))
                recent = (today - meeting.held_on).days < 60
                status = rng.choices(NeedStatus.values, weights=[35, 25, 0 if recent else 25, 0 if recent else 15])[0]
                stages.append((need, template, status))
        bulk.create(Need, needs)
        # Moved along the lifecycle as need_set_status would, each move a history row of its own.
        first, second = [], []
        for need, template, status in stages:
            if status == NeedStatus.IN_PROGRESS or (status != NeedStatus.OPEN and rng.random() < 0.5):
                first.append(self._move(need, NeedStatus.IN_PROGRESS, need.raised_in.held_on, None))
            if status in (NeedStatus.RESOLVED, NeedStatus.DISMISSED):
                note = template.resolved if status == NeedStatus.RESOLVED else template.dismissed
                second.append((need, status, note))
        self._record_changes(Need, first, ["status", "resolved_at", "resolution_note", "version"])
        moved = [
            self._move(need, status, need.raised_in.held_on + datetime.timedelta(days=30), note)
            for need, status, note in second
        ]
        self._record_changes(Need, moved, ["status", "resolved_at", "resolution_note", "version"])

    def _move(self, need: Need, status: str, after: datetime.date, note: str | None) -> Need:
        """Set a need's new status at a day after the given one (and after its last change)."""
        moment = max(self._moment(self._day(after, self.world.today)), need._history_date)
        need.status, need.version = status, need.version + 1
        if note:
            need.resolution_note = note
        need.resolved_at = moment if status in (NeedStatus.RESOLVED, NeedStatus.DISMISSED) else None
        return bulk.validated(need, actor=need._history_user, moment=moment, reason=f"status: {status}")

    def _record_changes(self, model, objects: list, fields: list[str]) -> None:
        """Save changed fields of many records and add one history row for each change."""
        model.objects.bulk_update(objects, fields, batch_size=500)
        model.history.bulk_history_create(objects, batch_size=500, update=True)

    def _moment(self, day: datetime.date) -> datetime.datetime:
        """An office-hours moment of a day, never later than now."""
        return min(
            timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(self.rng.randrange(8, 17), self.rng.randrange(60)))
            ),
            timezone.now(),
        )
