"""The activity of the national benchmark dataset: two years of meetings with their participants, follow-ups and
needs, and the cooperation links those meetings show; bulk inserts, no history rows (see demo.national)."""

import datetime
import itertools
import uuid

from django.utils import timezone
from django.utils.translation import gettext

from demo import texts
from demo.bulk import insert_pairs
from demo.links import link_kind
from meetings.models import FollowUp, Meeting, MeetingKind, Need, NeedPriority, NeedStatus
from network.models import CooperationLink, LinkStatus
from organizations.models import ServiceKind, TargetGroup
from territory.models import District

BATCH = 5_000
MEETING_KINDS = [
    (MeetingKind.VISIT, 42),
    (MeetingKind.WORKING_MEETING, 27),
    (MeetingKind.ROUND_TABLE, 5),
    (MeetingKind.PLATFORM, 1),
    (MeetingKind.WORKSHOP, 8),
    (MeetingKind.TRAINING, 8),
    (MeetingKind.CASE_CONFERENCE, 4),
]
# The meetings where needs are heard.
RAISING_NEEDS = (MeetingKind.ROUND_TABLE, MeetingKind.WORKING_MEETING, MeetingKind.PLATFORM)


class NationalActivity:
    """Meetings, follow-ups, needs and links among the organisations a NationalBuilder created."""

    def __init__(self, actors):
        self.builder = actors
        self.rng = actors.rng
        self.today = actors.today
        self.want = actors.want
        self.orgs = actors.orgs
        self.by_district = actors.by_district
        self.say = actors.say
        self.pairs: dict[tuple[int, int], list[tuple[datetime.date, int]]] = {}

    def meetings(self) -> None:
        """Two years of meetings in batches, each batch with its participants, follow-ups and needs."""
        rng = self.rng
        districts = [d for d in self.builder.districts if self.by_district.get(d.pk)]
        weights = list(itertools.accumulate(len(self.by_district[d.pk]) for d in districts))
        kinds, kind_weights = zip(*MEETING_KINDS)
        service_kinds = {kind.code: kind.pk for kind in ServiceKind.objects.all()}
        groups = {group.code: group.pk for group in TargetGroup.objects.all()}
        totals = {"meetings": 0, "participants": 0, "contacts": 0, "followups": 0, "needs": 0}
        followup_chance = self.want["followups"] / self.want["meetings"]
        raising = sum(weight for kind, weight in MEETING_KINDS if kind in RAISING_NEEDS) / sum(kind_weights)
        need_chance = min(1.0, self.want["needs"] / (self.want["meetings"] * raising))
        for start in range(0, self.want["meetings"], BATCH):
            size = min(BATCH, self.want["meetings"] - start)
            meetings, people = [], []
            for district in rng.choices(districts, cum_weights=weights, k=size):
                meeting, participants = self._meeting(district, rng.choices(kinds, weights=kind_weights)[0])
                meetings.append(meeting)
                people.append(participants)
            Meeting.objects.bulk_create(meetings, batch_size=BATCH)
            org_rows, contact_rows, followups, needs = [], [], [], []
            for meeting, participants in zip(meetings, people):
                org_rows += [(meeting.pk, pk) for pk in participants]
                for pk in participants:
                    if self.builder.contacts_of.get(pk) and rng.random() < 0.5:
                        contact_rows.append((meeting.pk, rng.choice(self.builder.contacts_of[pk])))
                if len(participants) > 1:
                    self._remember_pair(meeting, participants)
                if rng.random() < followup_chance:
                    followups.append(self._followup(meeting))
                if meeting.kind in RAISING_NEEDS and rng.random() < need_chance:
                    needs.append(self._need(meeting, participants, service_kinds, groups))
            insert_pairs(Meeting.organizations.through, "meeting_id", "organization_id", org_rows)
            insert_pairs(Meeting.contacts.through, "meeting_id", "contact_id", contact_rows)
            FollowUp.objects.bulk_create(followups, batch_size=BATCH)
            Need.objects.bulk_create(needs, batch_size=BATCH)
            for name, count in (
                ("meetings", size),
                ("participants", len(org_rows)),
                ("contacts", len(contact_rows)),
                ("followups", len(followups)),
                ("needs", len(needs)),
            ):
                totals[name] += count
            if (start // BATCH) % 20 == 19 or start + size >= self.want["meetings"]:
                self.say(gettext("meetings"), totals["meetings"])
        self.say(gettext("meeting participants (organisations)"), totals["participants"])
        self.say(gettext("meeting participants (contacts)"), totals["contacts"])
        self.say(gettext("follow-ups"), totals["followups"])
        self.say(gettext("needs"), totals["needs"])

    def _remember_pair(self, meeting: Meeting, participants: list[int]) -> None:
        """Keep one pair of the meeting's organisations as a candidate link, with up to three meetings as evidence."""
        key = tuple(sorted(self.rng.sample(participants, 2)))
        seen = self.pairs.get(key)
        # Three candidates per wanted link are plenty; more would only cost memory.
        if seen is None and len(self.pairs) < 3 * self.want["links"]:
            seen = self.pairs[key] = []
        if seen is not None and len(seen) < 3:
            seen.append((meeting.held_on, meeting.pk))

    def _meeting(self, district: District, kind: str) -> tuple[Meeting, list[int]]:
        """One meeting in a district (not saved) and the organisations that took part."""
        rng, orgs = self.rng, self.by_district[district.pk]
        case = None
        if kind == MeetingKind.CASE_CONFERENCE:
            if self.builder.cases_by_district.get(district.pk):
                case = rng.choice(self.builder.cases_by_district[district.pk])
            else:
                kind = MeetingKind.WORKING_MEETING
        if case is not None:
            participants = [case[2], *case[3]]
            title = f"Případová konference {case[1]}"
            summary, outcomes = texts.case_texts(rng)
        elif kind == MeetingKind.VISIT:
            participants = [rng.choice(orgs)]
            title = f"Návštěva – {self.orgs[participants[0]][3]}"
            summary, outcomes = texts.visit_texts(rng)
        else:
            participants = rng.sample(orgs, min(len(orgs), rng.randint(2, 8)))
            label = {MeetingKind.WORKSHOP: "Workshop", MeetingKind.TRAINING: "Školení"}.get(kind, "Pracovní setkání")
            title = {
                MeetingKind.ROUND_TABLE: f"Kulatý stůl sítě služeb pro rodiny ORP {district.name}",
                MeetingKind.PLATFORM: "Krajská platforma síťování",
            }.get(kind, f"{label}: {rng.choice(texts.WORKING_TOPICS)}")
            summary, outcomes = texts.group_texts(rng)
        span = 730 if case is None else min(730, (self.today - case[4]).days + 1)
        held_on = self.today - datetime.timedelta(days=rng.randrange(span))
        users = (
            self.builder.users_by_district.get(district.pk)
            or self.builder.users_by_region.get(district.region_id)
            or [None]
        )
        starts = rng.choice([8, 9, 10, 13, 14])
        meeting = Meeting(
            kind=kind,
            title=title[:255],
            held_on=held_on,
            starts_at=datetime.time(starts),
            ends_at=datetime.time(starts + 1, 30),
            district_id=district.pk,
            region_id=district.region_id,
            organizer_id=participants[0] if kind != MeetingKind.VISIT else None,
            case_id=case[0] if case else None,
            summary=summary,
            outcomes=outcomes,
            created_by_id=rng.choice(users),
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
        )
        return meeting, participants

    def _followup(self, meeting: Meeting) -> FollowUp:
        """A follow-up of a meeting (not saved): most past ones done."""
        rng = self.rng
        due_on = meeting.held_on + datetime.timedelta(days=rng.randrange(7, 46))
        done = rng.random() < (0.85 if due_on < self.today else 0.2)
        return FollowUp(
            meeting_id=meeting.pk,
            district_id=meeting.district_id,
            region_id=meeting.region_id,
            description=rng.choice(texts.FOLLOWUP_TASKS),
            assignee_id=meeting.created_by_id,
            due_on=due_on,
            done_at=timezone.now() - datetime.timedelta(days=max(0, (self.today - due_on).days)) if done else None,
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
        )

    def _need(self, meeting: Meeting, participants: list[int], service_kinds: dict, groups: dict) -> Need:
        """A need raised in a meeting (not saved), in any status."""
        rng = self.rng
        template = rng.choice(texts.NEEDS)
        status = rng.choices(NeedStatus.values, weights=[35, 25, 25, 15])[0]
        closed = status in (NeedStatus.RESOLVED, NeedStatus.DISMISSED)
        district_name = self.builder.district_by_pk[meeting.district_id].name
        return Need(
            title=template.title.format(orp=district_name),
            category=template.category,
            wanted_service_kind_id=service_kinds.get(template.kind),
            target_group_id=groups.get(template.group),
            priority=rng.choices(NeedPriority.values, weights=[2, 5, 3])[0],
            raised_by_id=rng.choice(participants),
            raised_in_id=meeting.pk,
            status=status,
            created_by_id=meeting.created_by_id,
            resolution_note=(template.resolved if status == NeedStatus.RESOLVED else template.dismissed)
            if closed
            else "",
            resolved_at=timezone.now() if closed else None,
            district_id=meeting.district_id,
            region_id=meeting.region_id,
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
        )

    def links(self) -> None:
        """Links between organisations that met, the meetings as evidence; topped up with unevidenced ones."""
        rng = self.rng
        made, links, evidence = set(), [], []
        candidates = sorted(self.pairs.items())
        rng.shuffle(candidates)
        for (a, b), seen in candidates:
            if len(links) >= self.want["links"]:
                break
            choice = link_kind(rng, self.orgs[a][2], self.orgs[b][2])
            if choice is None:
                continue
            a_acts, kind, directed = choice
            source, target = (a, b) if a_acts else (b, a)
            if (a, b, kind) in made:
                continue
            made.add((a, b, kind))
            links.append(self._link(source, target, kind, directed, seen))
            evidence.append(seen)
        # Links nobody has evidenced yet join organisations of one kraj.
        by_region: dict[int, list[int]] = {}
        for pk, (_, region_id, _, _) in self.orgs.items():
            by_region.setdefault(region_id, []).append(pk)
        pool = [pks for pks in by_region.values() if len(pks) > 1]
        # Small pools (a tiny factor) may run out of new pairs: give up after a fair number of tries.
        tries = 20 * self.want["links"]
        while len(links) < self.want["links"] and pool and tries:
            tries -= 1
            a, b = sorted(rng.sample(rng.choice(pool), 2))
            kind = rng.choice(["information_sharing", "referral"])
            if (a, b, kind) in made:
                continue
            made.add((a, b, kind))
            links.append(self._link(a, b, kind, False, []))
            evidence.append([])
        CooperationLink.objects.bulk_create(links, batch_size=BATCH)
        rows = [(link.pk, meeting_id) for link, seen in zip(links, evidence) for _, meeting_id in seen]
        insert_pairs(CooperationLink.evidence.through, "cooperationlink_id", "meeting_id", rows)
        self.say(gettext("cooperation links"), len(links))
        self.say(gettext("link evidence"), len(rows))

    def _link(self, source: int, target: int, kind: str, directed: bool, seen: list) -> CooperationLink:
        """One link (not saved), confirmed on its latest evidence."""
        rng = self.rng
        district_id, region_id, _, _ = self.orgs[source]
        first = min(seen)[0] if seen else self.today - datetime.timedelta(days=rng.randrange(400, 2000))
        status = rng.choices([LinkStatus.ACTIVE, LinkStatus.DORMANT, LinkStatus.ENDED], weights=[90, 6, 4])[0]
        formal = kind in ("formal_agreement", "funding") and rng.random() < 0.6
        return CooperationLink(
            source_id=source,
            target_id=target,
            kind=kind,
            directed=directed,
            district_id=district_id,
            region_id=region_id,
            strength=rng.randint(1, 5),
            formalized=formal,
            agreement_date=first if formal else None,
            since=first - datetime.timedelta(days=rng.randrange(0, 700)),
            status=status,
            until=min(self.today, (max(seen)[0] if seen else first) + datetime.timedelta(days=rng.randrange(30, 200)))
            if status == LinkStatus.ENDED
            else None,
            confirmed_on=max(seen)[0] if seen else None,
        )
