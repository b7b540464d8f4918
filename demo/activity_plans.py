"""What the regional demo's two years of meetings are to be (demo.activity logs them): the visits, working meetings,
round tables, workshops and trainings of each ORP, the kraje's regional platforms and the cases' conferences."""

import datetime
import random
from dataclasses import dataclass

from demo import texts
from demo.world import Member, World
from meetings.models import MeetingKind
from organizations.models import OrganizationKind as K

SOCIAL = {K.NGO, K.SOCIAL_SERVICE_PROVIDER, K.CHURCH_CHARITY, K.FOSTER_CARE_AGENCY}
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


class MeetingPlanner:
    """Plans the meetings of two years; ActivityBuilder (which sets ``world`` and ``rng``) logs them."""

    world: World
    rng: random.Random

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
