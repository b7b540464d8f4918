"""Two years of the regional demo's network life: meetings with their participants, follow-ups and needs.

They are many and dated in the past, so they are validated and written in bulk with history rows dated when each record
was logged (demo.bulk), and moved along their lifecycle with a history row per move.
"""

import datetime
import itertools
import uuid

from django.utils import timezone

from core.services import place
from demo import bulk, texts
from demo.activity_plans import MeetingPlanner, Plan
from demo.users import JIHLAVA
from demo.world import PLANS, Member, World
from meetings.models import FollowUp, Meeting, MeetingKind, Need, NeedPriority, NeedStatus
from organizations.models import ServiceKind, TargetGroup

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


class ActivityBuilder(MeetingPlanner):
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
