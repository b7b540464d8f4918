"""The members of the regional demo's networks: organisations of Kraj Vysočina (in depth) and Liberecký kraj with
their services and contact persons, and the cases of two OSPODs.

Organisations and cases go through the services (validated, scope-checked, history with the actor); the many services
and contacts are validated the same way and written in bulk with their history (demo.bulk).
"""

import datetime

from contacts.models import Contact, LegalBasis
from core.services import place
from demo import bulk, fake
from demo.catalogue.archetypes import ARCHETYPES, Archetype, chosen_services
from demo.catalogue.naming import organization_name, unique_name
from demo.catalogue.services import service_name
from demo.users import JIHLAVA, VYSOCINA
from demo.world import INVOLVEMENT_ROLES, PLANS, PUBLIC_KINDS, Member, RegionPlan, World
from network.models import CaseStatus
from network.services import case_create, case_involvement_add
from organizations.models import (
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Service,
    ServiceForm,
    ServiceKind,
    ServiceStatus,
    TargetGroup,
)
from organizations.services import organization_create, organization_update
from territory.models import District, Municipality, Region

# The NGOs an ORP draws from (twice as likely a low-threshold club or family activation as the others).
SMALL_NGOS = ["nzdm", "sas", "counselling", "debt", "crisis", "field", "family_centre", "shelter", "nzdm", "sas"]


class MemberBuilder:
    """Creates the organisations of the demo kraje with their services and contact persons."""

    def __init__(self, world: World):
        self.world = world
        self.rng = world.rng
        self.icos = set(Organization.objects.exclude(ico=None).values_list("ico", flat=True))
        self.registry_ids = set(Service.objects.exclude(registry_id=None).values_list("registry_id", flat=True))
        self.names = set(Organization.objects.values_list("name", flat=True))
        self.kinds = {kind.code: kind for kind in ServiceKind.objects.all()}
        self.forms = {form.code: form for form in ServiceForm.objects.all()}
        self.groups = {group.code: group for group in TargetGroup.objects.all()}
        self.municipalities: dict[int, list[Municipality]] = {}
        self.services: list[Service] = []
        self.service_relations: list[tuple] = []

    def build(self) -> None:
        """Create every organisation of the demo kraje, then their services and contact persons."""
        for plan in PLANS:
            region = Region.objects.get(code=plan.code)
            self.world.regions[plan.code] = region
            districts = list(District.objects.filter(region=region).order_by("code"))
            for municipality in Municipality.objects.filter(district__in=districts).order_by("code"):
                self.municipalities.setdefault(municipality.district_id, []).append(municipality)
            self.world.districts.update({district.code: district for district in districts})
            for district in districts:
                for code, town in self._orp_plan(plan, district):
                    self._create(plan, district, ARCHETYPES[code], town, level="orp")
                if district.code in plan.okres_seats:
                    for code in ("court", "probation", "ppp", "hospital", "charity") if plan.full else ("court", "ppp"):
                        self._create(plan, district, ARCHETYPES[code], self._seat(district), level="okres")
            seat = self.world.districts[plan.seat]
            self._create(
                plan,
                seat,
                ARCHETYPES["ospod"],
                self._seat(seat),
                level="kraj",
                name=f"Krajský úřad {plan.genitive} – oddělení sociálně-právní ochrany dětí",
            )
            for code in plan.kraj_wide:
                district = (
                    seat
                    if self.rng.random() < 0.5
                    else self.rng.choice([d for d in districts if d.code in plan.okres_seats])
                )
                self._create(plan, district, ARCHETYPES[code], self._seat(district), level="kraj")
        self._close_a_few()
        for record in self.world.members:
            for spec in chosen_services(record.archetype, self.rng):
                self._service(record, spec, [self.world.districts_by_pk[pk] for pk in sorted(record.served)])
        self._write_services_and_contacts()

    def _seat(self, district: District) -> Municipality:
        return next(m for m in self.municipalities[district.pk] if m.code == district.seat_code)

    def _orp_plan(self, plan: RegionPlan, district: District) -> list[tuple[str, Municipality]]:
        """Which archetypes an ORP has and in which municipality each sits."""
        rng, size, seat = self.rng, plan.sizes.get(district.code, 0), self._seat(district)
        towns = [m for m in self.municipalities[district.pk] if m.kind != "Obec" and m != seat] or [seat]
        villages = [m for m in self.municipalities[district.pk] if m.kind == "Obec"] or [seat]

        def somewhere() -> Municipality:
            return seat if rng.random() < 0.55 else rng.choice(towns)

        items = [("ospod", seat), ("town_hall", seat)]
        if plan.full:
            items += [("labour_office", seat), ("police", seat)]
            items += [("basic_school", somewhere()) for _ in range(1 + size)]
            items += [("basic_school", rng.choice(villages)) for _ in range(rng.randint(0, 1))]
            items += [("kindergarten", somewhere()) for _ in range(1 + size // 2)]
            items += [("paediatrician", somewhere()) for _ in range(1 + (size + 1) // 2)]
            items += [("village", rng.choice(villages))]
            items += [
                (code, seat if rng.random() < 0.7 else rng.choice(towns)) for code in rng.sample(SMALL_NGOS, 2 + size)
            ]
            optional = {
                "ddm": 0.6,
                "secondary_school": 0.5 + 0.25 * size,
                "psychology": 0.3,
                "employer": 0.2,
                "mas": 0.2,
                "library": 0.3,
                "parish_charity": 0.3,
                "town_hall": 0.3,
                "family_centre": 0.2,
            }
            if size >= 2:
                items.append(("police", rng.choice(towns)))
        else:
            items += [("basic_school", somewhere()), ("paediatrician", seat), (rng.choice(SMALL_NGOS), seat)]
            optional = {"labour_office": 0.5, "police": 0.5, "kindergarten": 0.4, "parish_charity": 0.2, "village": 0.3}
        for code, chance in optional.items():
            if rng.random() < chance:
                where = (
                    rng.choice(villages)
                    if code == "village"
                    else (rng.choice(towns) if code == "town_hall" else somewhere())
                )
                items.append((code, where))
        return items

    def _served(self, plan: RegionPlan, district: District, level: str) -> list[District]:
        """The districts an organisation serves: its own ORP, its okres or the whole kraj."""
        if level == "kraj":
            return [d for d in self.world.districts.values() if d.region_id == district.region_id]
        if level == "okres":
            lau = self._seat(district).lau_code
            return [
                d
                for d in self.world.districts.values()
                if d.region_id == district.region_id and self._seat(d).lau_code == lau
            ]
        return [district]

    def _create(
        self,
        plan: RegionPlan,
        district: District,
        archetype: Archetype,
        town: Municipality,
        *,
        level: str,
        name: str = "",
    ) -> Member:
        """Create one organisation through organization_create and prepare its contact persons."""
        rng, world = self.rng, self.world
        actor = world.actor_for(district)
        street = fake.street(rng, town.kind == "Obec")
        generated, brand = organization_name(
            archetype,
            rng,
            town=town.name,
            municipality_kind=town.kind,
            street=street,
            locative=plan.okres_seats.get(district.code, ""),
        )
        if archetype.code == "ospod" and not name:
            name = plan.statutory.get(district.code) or generated
        name = unique_name(name or generated, self.names, town=town.name, street=street)
        domain = fake.domain(name)
        latitude, longitude = fake.near(rng, district.centroid_lat, district.centroid_lon)
        organization = organization_create(
            actor=actor,
            name=name,
            kind=archetype.kind,
            municipality=town,
            served_districts=self._served(plan, district, level),
            ico=fake.ico(rng, self.icos) if rng.random() < archetype.ico_chance else None,
            street=street,
            postcode=fake.postcode(town.code, district.code, district.seat_code, plan.code),
            latitude=latitude,
            longitude=longitude,
            email=f"{'podatelna' if archetype.kind in PUBLIC_KINDS else 'info'}@{domain}",
            web=f"https://www.{domain}/" if rng.random() < 0.8 else "",
            phone=fake.landline(rng, plan.code),
        )
        record = Member(organization, archetype, brand, level, {d.pk for d in self._served(plan, district, level)})
        for position in rng.sample(
            archetype.positions, min(len(archetype.positions), rng.randint(*archetype.contacts))
        ):
            record.contacts.append(self._contact(record, position, domain, plan.code))
        world.members.append(record)
        return record

    def _service(self, record: Member, spec, served: list[District]) -> None:
        """Prepare one service of an organisation (written in bulk later); a few have ended."""
        rng = self.rng
        kind = self.kinds[spec.kind]
        active_from = self.world.today - datetime.timedelta(days=rng.randrange(400, 5000))
        ended = rng.random() < 0.06 or record.organization.status == OrganizationStatus.CLOSED
        service = Service(
            organization=record.organization,
            kind=kind,
            name=service_name(spec, brand=record.brand, town=record.organization.municipality.name),
            age_from=spec.ages[0],
            age_to=spec.ages[1],
            capacity=rng.randint(*spec.capacity) if spec.capacity else None,
            capacity_note=spec.capacity_note if spec.capacity else "",
            registry_id=fake.registry_id(rng, self.registry_ids) if kind.registrable and rng.random() < 0.9 else None,
            status=ServiceStatus.ENDED if ended else ServiceStatus.ACTIVE,
            active_from=active_from,
            active_until=self.world.today - datetime.timedelta(days=rng.randrange(30, 300)) if ended else None,
        )
        # In the public catalogue: what the registry lists, and the services outside the registry; a registrable
        # service missing from the registry waits for its networker.
        service.published = service.registry_id is not None or not kind.registrable
        place(service, record.organization.district)
        self.services.append(bulk.validated(service, actor=self.world.actor_for(record.organization.district)))
        self.service_relations.append(
            (
                service,
                [self.forms[c].pk for c in spec.forms],
                [self.groups[c].pk for c in spec.groups],
                [d.pk for d in served],
            )
        )

    def _contact(self, record: Member, position: str, domain: str, region_code: str):
        """Prepare one contact person with a legal basis; about half agreed to be shown to OSPOD workers."""
        rng = self.rng
        name, first, surname, woman = fake.person(rng)
        if record.organization.kind in PUBLIC_KINDS:
            basis = LegalBasis.PUBLIC_TASK if rng.random() < 0.7 else LegalBasis.LEGITIMATE_INTEREST
        else:
            basis = LegalBasis.CONSENT if rng.random() < 0.3 else LegalBasis.LEGITIMATE_INTEREST
        contact = Contact(
            organization=record.organization,
            name=name,
            legal_basis=basis,
            position=fake.position(position, woman),
            email=fake.email(first, surname, domain),
            phone=fake.mobile(rng) if rng.random() < 0.5 else fake.landline(rng, region_code),
            consent_on=self.world.start + datetime.timedelta(days=rng.randrange(0, 200))
            if basis == LegalBasis.CONSENT
            else None,
            shareable_with_ospod=record.organization.kind == OrganizationKind.OSPOD or rng.random() < 0.45,
        )
        place(contact, record.organization.district)
        return bulk.validated(contact, actor=self.world.actor_for(record.organization.district))

    def _write_services_and_contacts(self) -> None:
        """Insert the prepared services (with their forms, target groups and districts) and contact persons."""
        bulk.create(Service, self.services)
        forms, groups, districts = [], [], []
        for service, form_ids, group_ids, district_ids in self.service_relations:
            forms += [(service.pk, pk) for pk in form_ids]
            groups += [(service.pk, pk) for pk in group_ids]
            districts += [(service.pk, pk) for pk in district_ids]
        bulk.insert_pairs(Service.forms.through, "service_id", "serviceform_id", forms)
        bulk.insert_pairs(Service.target_groups.through, "service_id", "targetgroup_id", groups)
        bulk.insert_pairs(Service.served_districts.through, "service_id", "district_id", districts)
        bulk.create(Contact, [contact for member in self.world.members for contact in member.contacts])

    def _close_a_few(self) -> None:
        """A network changes: a couple of NGOs in Vysočina have closed (their records stay, marked closed)."""

        candidates = [
            member
            for member in self.world.members
            if member.archetype.code in ("family_centre", "field", "debt")
            and member.organization.region_id == self.world.regions[VYSOCINA].pk
        ]
        for record in self.rng.sample(candidates, min(2, len(candidates))):
            organization_update(
                actor=self.world.actor_for(record.organization.district),
                organization=record.organization,
                data={"status": OrganizationStatus.CLOSED},
                reason="closed",
            )


def create_cases(world: World) -> None:
    """Open a few pseudonymous cases of the Pelhřimov and Jihlava OSPODs and involve partner organisations."""
    rng = world.rng
    plan = PLANS[0]
    for code, abbreviation in plan.case_abbreviations.items():
        district = world.districts[code]
        ospod = world.ospod_of(district).organization
        actor = world.users["ospod.jihlava"] if code == JIHLAVA else world.users["admin"]
        partners = [
            member
            for member in world.members
            if member.organization.district_id == district.pk
            and member.organization.kind in INVOLVEMENT_ROLES
            and member.organization.status == "active"
        ]
        numbers: dict[int, int] = {}
        for index in range(4):
            opened_on = world.today - datetime.timedelta(days=rng.randrange(40, 600))
            numbers[opened_on.year] = numbers.get(opened_on.year, 0) + rng.randint(1, 9)
            closed = index == 3
            closed_on = (
                min(world.today, opened_on + datetime.timedelta(days=rng.randrange(60, 200))) if closed else None
            )
            case = case_create(
                actor=actor,
                ospod=ospod,
                opened_on=opened_on,
                reference=f"OSPOD-{abbreviation}-{opened_on.year}-{numbers[opened_on.year]:03d}",
                status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                closed_on=closed_on,
            )
            for partner in rng.sample(partners, rng.randint(2, 4)):
                case_involvement_add(
                    actor=actor,
                    case=case,
                    organization=partner.organization,
                    role=INVOLVEMENT_ROLES[partner.organization.kind],
                    since=opened_on + datetime.timedelta(days=rng.randrange(0, 20)),
                    until=closed_on,
                )
            world.cases.append(case)
