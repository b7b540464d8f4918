"""The demo's data collection: two past rounds (the two half-years before today's) filled by every OSPOD of Vysočina
and Liberecký kraj and approved by their kraj, so that the charts over the rounds, the kraj tables and the early
warnings show something. Generated numbers, not real ones; one ORP of each kraj jumps between the rounds (an early
warning), a few counts are small (shown as "< 5" outside their OSPOD)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext

from demo.users import LIBERECKY, VYSOCINA
from demo.world import World
from evaluation.collection import report_review, report_save, round_close, round_open
from evaluation.models import CollectionRound, Indicator, Report, Supplier

# The ORP whose new cases and children placed out jump in the later round (an early warning in each kraj).
JUMPS = {"6105": Decimal("2.2"), "5103": Decimal("0.4")}  # Jihlava up, Jablonec nad Nisou down


def past_periods(today: datetime.date) -> list[tuple[str, datetime.date]]:
    """The two half-years before today's, oldest first, each with its deadline (a month after its end)."""
    year, half = today.year, 1 if today.month <= 6 else 2
    periods = []
    for _ in range(2):
        year, half = (year, 1) if half == 2 else (year - 1, 2)
        end = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
        periods.append((f"{year}/{half}", end + datetime.timedelta(days=31)))
    return list(reversed(periods))


def first_values(rng, indicators: dict[str, Indicator]) -> dict[str, int]:
    records = rng.randint(180, 900)
    return {
        "children_in_records": records,
        "new_cases": round(records * rng.uniform(0.08, 0.2)),
        "case_conferences": rng.randint(3, 40),
        "individual_plans": round(records * rng.uniform(0.3, 0.6)),
        "children_placed_out": rng.randint(1, 14),
        "court_measures": rng.randint(2, 30),
    }


def next_values(rng, before: dict[str, int], jump: Decimal | None) -> dict[str, int]:
    values = {code: max(0, round(value * rng.uniform(0.9, 1.12))) for code, value in before.items()}
    if jump is not None:
        values["new_cases"] = round(before["new_cases"] * jump)
        values["children_placed_out"] = max(1, round(before["children_placed_out"] * jump))
    values["new_cases"] = min(values["new_cases"], values["children_in_records"])
    values["individual_plans"] = min(values["individual_plans"], values["children_in_records"])
    values["children_placed_out"] = min(values["children_placed_out"], values["children_in_records"])
    return values


def create_past_rounds(world: World) -> None:
    """Open, fill, approve and close the two past rounds (the forms of other kraje, if any, stay unfilled)."""
    if CollectionRound.objects.exists():
        return
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(supplier=Supplier.OSPOD, active=True).order_by("sort_order")
    }
    narodni = world.users["narodni"]
    leads = {
        world.regions[VYSOCINA].pk: world.users["vedouci.vysocina"],
        world.regions[LIBERECKY].pk: world.users["vedouci.liberec"],
    }
    worker = world.users["ospod.jihlava"]
    previous: dict[int, dict[str, int]] = {}
    for index, (period, deadline) in enumerate(past_periods(world.today)):
        round_ = round_open(
            actor=narodni,
            period=period,
            deadline=deadline,
            indicators=list(indicators.values()),
            note=gettext("Demo: generated numbers."),
            today=deadline - datetime.timedelta(days=45),
        )
        own = set(Report.objects.restrict(worker, "change").filter(round=round_).values_list("pk", flat=True))
        for report in round_.reports.select_related("district").order_by("district__code", "pk"):
            if report.region_id not in leads:
                continue
            if index == 0:
                values = first_values(world.rng, indicators)
            else:
                values = next_values(world.rng, previous[report.ospod_id], JUMPS.get(report.district.code))
            previous[report.ospod_id] = values
            by_pk = {indicators[code].pk: value for code, value in values.items() if code in indicators}
            comments = {}
            if index and report.district.code in JUMPS:
                comments[indicators["new_cases"].pk] = gettext("Demo: a change of the OSPOD's practice.")
                comments[indicators["children_placed_out"].pk] = gettext("Demo: a change of the OSPOD's practice.")
            # The Jihlava OSPOD's own worker fills its form; the system the forms of the OSPOD without a demo worker.
            actor = worker if report.pk in own else None
            report_save(actor=actor, report=report, values=by_pk, comments=comments, submit=True)
            report_review(actor=leads[report.region_id], report=report, approve=True)
        round_close(actor=narodni, round_=round_)
