"""The national dataset's organisations over all ORP, their services and contact persons, and the OSPODs' cases
(see demo.national)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext

from contacts.models import Contact, LegalBasis
from demo import fake
from demo.bulk import insert_pairs
from demo.catalogue.archetypes import ARCHETYPES
from demo.catalogue.mix import NATIONAL_MIX
from demo.catalogue.naming import organization_name, unique_name
from demo.catalogue.services import service_name
from demo.national.targets import BATCH, PRAHA
from demo.world import INVOLVEMENT_ROLES, PUBLIC_KINDS
from network.models import Case, CaseInvolvement
from organizations.models import Organization, OrganizationKind, Service, ServiceForm, ServiceKind, TargetGroup
from organizations.search import normalize
from territory.models import District


class NationalDirectory:
    """The organisations, services, contacts and cases of a NationalBuilder (which holds the state these steps share)."""

    def _organizations(self) -> None:
        """Organisations spread over the ORP by their size: an OSPOD in each (22 in Praha), then the usual mix."""
        rng = self.rng
        taken = set(Organization.objects.exclude(ico=None).values_list("ico", flat=True))
        self.names = set(Organization.objects.values_list("name", flat=True))
        with_ospod = set(Organization.objects.filter(kind=OrganizationKind.OSPOD).values_list("district_id", flat=True))
        # Praha stands for a big share of the population; elsewhere the number of towns tells the size of an ORP.
        weights = [
            150 if d.code == PRAHA else 4 + sum(m.kind != "Obec" for m in self.towns[d.pk]) for d in self.districts
        ]
        shares = [round(self.want["organizations"] * w / sum(weights)) for w in weights]
        codes, mix = list(NATIONAL_MIX), list(NATIONAL_MIX.values())
        plans = []
        for district, share in zip(self.districts, shares):
            seat = next(m for m in self.towns[district.pk] if m.code == district.seat_code)
            if district.pk not in with_ospod:
                if district.code == PRAHA:
                    plans += [(district, "ospod", seat, f"Úřad městské části Praha {n} – OSPOD") for n in range(1, 23)]
                else:
                    plans.append((district, "ospod", seat, ""))
            for code in rng.choices(codes, weights=mix, k=max(0, share - 1)):
                plans.append((district, code, None, ""))
        # Shuffled, so that a small factor still gets a mix of organisations from all over the country.
        rng.shuffle(plans)
        plans = plans[: self.want["organizations"]]
        served = []
        for start in range(0, len(plans), BATCH):
            made = [
                self._organization(district, code, town, name, taken)
                for district, code, town, name in plans[start : start + BATCH]
            ]
            Organization.objects.bulk_create([organization for organization, _ in made], batch_size=BATCH)
            for organization, archetype in made:
                self.orgs[organization.pk] = (
                    organization.district_id,
                    organization.region_id,
                    organization.kind,
                    organization.name,
                )
                self.archetype_of[organization.pk] = archetype
                self.by_district.setdefault(organization.district_id, []).append(organization.pk)
                served.append((organization.pk, organization.district_id))
        insert_pairs(Organization.served_districts.through, "organization_id", "district_id", served)
        self.say(gettext("organisations"), len(self.orgs))

    def _organization(
        self, district: District, code: str, town, name: str, taken: set
    ) -> tuple[Organization, tuple[str, str, str]]:
        """One organisation of an archetype in a district (not saved), and its (archetype, brand, town)."""
        rng, archetype = self.rng, ARCHETYPES[code]
        towns = self.towns[district.pk]
        if town is None:
            seat = next(m for m in towns if m.code == district.seat_code)
            bigger = [m for m in towns if m.kind != "Obec"] or [seat]
            town = (
                rng.choice(towns)
                if archetype.village and rng.random() < 0.4
                else (seat if rng.random() < 0.5 else rng.choice(bigger))
            )
        region = self.regions[district.region_id]
        street = fake.street(rng, town.kind == "Obec")
        generated, brand = organization_name(archetype, rng, town=town.name, municipality_kind=town.kind, street=street)
        name = unique_name(name or generated, self.names, town=town.name, street=street)
        domain = fake.domain(name)
        latitude, longitude = fake.near(rng, district.centroid_lat, district.centroid_lon)
        organization = Organization(
            name=name,
            search_name=normalize(name),
            kind=archetype.kind,
            municipality=town,
            district=district,
            region_id=district.region_id,
            ico=fake.ico(rng, taken) if rng.random() < archetype.ico_chance else None,
            street=street,
            postcode=fake.postcode(town.code, district.code, district.seat_code, region.code),
            latitude=latitude,
            longitude=longitude,
            email=f"{'podatelna' if archetype.kind in PUBLIC_KINDS else 'info'}@{domain}",
            web=f"https://www.{domain}/" if rng.random() < 0.7 else "",
            phone=fake.landline(rng, region.code),
        )
        users = self.users_by_district.get(district.pk) or self.users_by_region.get(district.region_id)
        if users and rng.random() < 0.3:
            organization.verified_at = timezone.now() - datetime.timedelta(days=rng.randrange(1, 730))
            organization.verified_by_id = rng.choice(users)
        return organization, (code, brand, town.name)

    def _services(self) -> None:
        """Services of the organisations whose archetype offers some, with forms, target groups and districts."""
        rng = self.rng
        kinds = {kind.code: kind for kind in ServiceKind.objects.all()}
        forms = {form.code: form.pk for form in ServiceForm.objects.all()}
        groups = {group.code: group.pk for group in TargetGroup.objects.all()}
        taken = set(Service.objects.exclude(registry_id=None).values_list("registry_id", flat=True))
        offering = [pk for pk in self.orgs if ARCHETYPES[self.archetype_of[pk][0]].services]
        if not offering:
            return
        weights = [sum(spec.chance for spec in ARCHETYPES[self.archetype_of[pk][0]].services) for pk in offering]
        chosen = rng.choices(offering, weights=weights, k=self.want["services"])
        for start in range(0, len(chosen), BATCH):
            services, specs = [], []
            for pk in chosen[start : start + BATCH]:
                code, brand, town = self.archetype_of[pk]
                district_id, region_id, _, _ = self.orgs[pk]
                archetype = ARCHETYPES[code]
                spec = rng.choices(archetype.services, weights=[s.chance for s in archetype.services])[0]
                kind = kinds[spec.kind]
                ended = rng.random() < 0.05
                services.append(
                    Service(
                        organization_id=pk,
                        district_id=district_id,
                        region_id=region_id,
                        kind=kind,
                        name=service_name(spec, brand=brand, town=town),
                        age_from=spec.ages[0],
                        age_to=spec.ages[1],
                        capacity=rng.randint(*spec.capacity) if spec.capacity else None,
                        capacity_note=spec.capacity_note if spec.capacity else "",
                        registry_id=fake.registry_id(rng, taken) if kind.registrable and rng.random() < 0.9 else None,
                        status="ended" if ended else "active",
                        active_from=self.today - datetime.timedelta(days=rng.randrange(400, 5000)),
                        active_until=self.today - datetime.timedelta(days=rng.randrange(30, 300)) if ended else None,
                    )
                )
                specs.append(spec)
            for service in services:  # the public catalogue's, as in the regional demo
                service.published = service.registry_id is not None or not service.kind.registrable
                service.search_name = normalize(service.name)
            Service.objects.bulk_create(services, batch_size=BATCH)
            insert_pairs(
                Service.forms.through,
                "service_id",
                "serviceform_id",
                [(s.pk, forms[c]) for s, spec in zip(services, specs) for c in spec.forms],
            )
            insert_pairs(
                Service.target_groups.through,
                "service_id",
                "targetgroup_id",
                [(s.pk, groups[c]) for s, spec in zip(services, specs) for c in spec.groups],
            )
            insert_pairs(
                Service.served_districts.through, "service_id", "district_id", [(s.pk, s.district_id) for s in services]
            )
        self.say(gettext("services"), len(chosen))

    def _contacts(self) -> None:
        """Contact persons, more of them where the archetype has more people to talk to."""
        rng = self.rng
        pks = list(self.orgs)
        weights = [sum(ARCHETYPES[self.archetype_of[pk][0]].contacts) for pk in pks]
        chosen = rng.choices(pks, weights=weights, k=self.want["contacts"])
        for start in range(0, len(chosen), BATCH):
            contacts = []
            for pk in chosen[start : start + BATCH]:
                district_id, region_id, kind, name = self.orgs[pk]
                full, first, surname, woman = fake.person(rng)
                public = kind in PUBLIC_KINDS
                basis = (
                    LegalBasis.PUBLIC_TASK
                    if public
                    else LegalBasis.CONSENT
                    if rng.random() < 0.3
                    else LegalBasis.LEGITIMATE_INTEREST
                )
                contacts.append(
                    Contact(
                        organization_id=pk,
                        district_id=district_id,
                        region_id=region_id,
                        name=full,
                        search_name=normalize(full),
                        legal_basis=basis,
                        position=fake.position(rng.choice(ARCHETYPES[self.archetype_of[pk][0]].positions), woman),
                        email=fake.email(first, surname, fake.domain(name)),
                        phone=fake.mobile(rng),
                        consent_on=self.today - datetime.timedelta(days=rng.randrange(30, 900))
                        if basis == LegalBasis.CONSENT
                        else None,
                        shareable_with_ospod=rng.random() < 0.45,
                    )
                )
            Contact.objects.bulk_create(contacts, batch_size=BATCH)
            for contact in contacts:
                self.contacts_of.setdefault(contact.organization_id, []).append(contact.pk)
        self.say(gettext("contacts"), len(chosen))

    def _cases(self) -> None:
        """Pseudonymous cases of the benchmark's OSPODs, each with two or three organisations involved."""
        rng = self.rng
        ospods = [pk for pk, (_, _, kind, _) in self.orgs.items() if kind == OrganizationKind.OSPOD]
        if not ospods:
            return
        cases, involved = [], []
        for index in range(self.want["cases"]):
            ospod = ospods[index % len(ospods)]
            district_id, region_id, _, _ = self.orgs[ospod]
            opened_on = self.today - datetime.timedelta(days=rng.randrange(30, 900))
            district_code = self.district_by_pk[district_id].code
            partners = [
                pk for pk in self.by_district[district_id] if self.orgs[pk][2] in INVOLVEMENT_ROLES and pk != ospod
            ]
            cases.append(
                Case(
                    ospod_id=ospod,
                    district_id=district_id,
                    region_id=region_id,
                    opened_on=opened_on,
                    reference=f"OSPOD-{district_code}-{opened_on.year}-{index + 1:04d}",
                )
            )
            involved.append(rng.sample(partners, min(len(partners), rng.randint(2, 3))))
        Case.objects.bulk_create(cases, batch_size=BATCH)
        rows = [
            CaseInvolvement(
                case_id=case.pk,
                organization_id=pk,
                role=INVOLVEMENT_ROLES[self.orgs[pk][2]],
                district_id=case.district_id,
                region_id=case.region_id,
                since=case.opened_on,
            )
            for case, partners in zip(cases, involved)
            for pk in partners
        ]
        CaseInvolvement.objects.bulk_create(rows, batch_size=BATCH)
        for case, partners in zip(cases, involved):
            self.cases_by_district.setdefault(case.district_id, []).append(
                (case.pk, case.reference, case.ospod_id, partners, case.opened_on)
            )
        self.say(gettext("cases"), len(cases))
        self.say(gettext("case involvements"), len(rows))
