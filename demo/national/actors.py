"""The national dataset's users of every role, their role assignments and the grants that mirror them (see
demo.national)."""

import itertools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.utils.translation import gettext

from demo import fake
from demo.national.targets import BATCH, ROLE_SHARES, USER_DOMAIN
from organizations.models import Organization, OrganizationKind
from permissions.models import DistrictUserObjectPermission, RegionUserObjectPermission, Role, RoleAssignment
from permissions.services import ROLE_DISTRICT_GRANTS, ROLE_REGION_GRANTS


def role_sequence(total: int) -> list[str]:
    """The roles of the benchmark's users by their shares, each role at least once when there are enough users."""
    others = {role: max(1, round(total * share / 100)) for role, share in ROLE_SHARES[1:]}
    sitar = total - sum(others.values())
    if sitar < 1:
        return [role for role, _ in ROLE_SHARES][:total]
    return [Role.SITAR] * sitar + [role for role, count in others.items() for _ in range(count)]


class NationalActors:
    """The users, role assignments and grants of a NationalBuilder (which holds the state these steps share)."""

    def _users(self) -> None:
        """Users of every role spread over the ORP and kraje, with one password hash computed once and reused
        (hashing is slow on purpose)."""
        User = get_user_model()
        hashed = make_password(settings.DEMO_PASSWORD)
        roles = role_sequence(self.want["users"])
        regions = [self.regions[pk] for pk in sorted(self.regions, key=lambda pk: self.regions[pk].code)]
        seen: dict[str, int] = {}
        for index in range(self.want["users"]):
            role = roles[index]
            turn = seen[role] = seen.get(role, -1) + 1
            # A síťař works in an ORP, an advisor or a lead in a kraj; OSPOD workers get their OSPOD later.
            district = self.districts[turn % len(self.districts)] if role == Role.SITAR else None
            region = self.regions[district.region_id] if district else regions[turn % len(regions)]
            _, first, surname, _ = fake.person(self.rng)
            area = "cz" if role == Role.NARODNI else region.abbreviation.lower()
            username = f"{role}.{area}.{index + 1:04d}"
            user = User(
                username=username,
                first_name=first,
                last_name=surname,
                password=hashed,
                email=f"{username}@{USER_DOMAIN}",
            )
            self.new_users.append((user, role, district, region))
        User.objects.bulk_create([user for user, *_ in self.new_users], batch_size=BATCH)
        for user, role, district, region in self.new_users:
            if role == Role.SITAR:
                self.users_by_district.setdefault(district.pk, []).append(user.pk)
            elif role == Role.PORADCE:
                self.users_by_region.setdefault(region.pk, []).append(user.pk)
        self.say(gettext("users"), len(self.new_users))

    def _assignments(self) -> None:
        """One role assignment per benchmark user, spread over the kraje, ORP and OSPODs."""
        ospods = list(
            Organization.objects.filter(kind=OrganizationKind.OSPOD).order_by("pk").values_list("pk", flat=True)
        )
        rows, turn = [], itertools.count()
        for user, role, district, region in self.new_users:
            scope = {}
            if role == Role.SITAR:
                scope = {"district_id": district.pk}
            elif role in (Role.PORADCE, Role.VEDOUCI):
                scope = {"region_id": region.pk}
            elif role in (Role.OSPOD, Role.VEDOUCI_OSPOD):
                scope = {"organization_id": ospods[next(turn) % len(ospods)]}
            rows.append(RoleAssignment(user_id=user.pk, role=role, **scope))
        RoleAssignment.objects.bulk_create(rows, batch_size=BATCH)
        self.say(gettext("role assignments"), len(rows))
        self._grants(rows)

    def _grants(self, assignments: list[RoleAssignment]) -> None:
        """The guardian grants that mirror the assignments (those permissions.services.sync_grants writes), in bulk."""
        codes = {
            codename for grants in (*ROLE_REGION_GRANTS.values(), *ROLE_DISTRICT_GRANTS.values()) for codename in grants
        }
        permission = dict(
            Permission.objects.filter(content_type__app_label="territory", codename__in=codes).values_list(
                "codename", "pk"
            )
        )
        ospod_region = dict(Organization.objects.filter(kind=OrganizationKind.OSPOD).values_list("pk", "region_id"))
        on_regions, on_districts = [], []
        for assignment in assignments:
            if assignment.role == Role.NARODNI:
                regions = list(self.regions)
            elif assignment.region_id:
                regions = [assignment.region_id]
            elif assignment.district_id:
                regions = [self.district_by_pk[assignment.district_id].region_id]
            else:
                regions = [ospod_region[assignment.organization_id]]
            on_regions += [
                RegionUserObjectPermission(
                    user_id=assignment.user_id, permission_id=permission[codename], content_object_id=region
                )
                for codename in ROLE_REGION_GRANTS[assignment.role]
                for region in regions
            ]
            on_districts += [
                DistrictUserObjectPermission(
                    user_id=assignment.user_id,
                    permission_id=permission[codename],
                    content_object_id=assignment.district_id,
                )
                for codename in ROLE_DISTRICT_GRANTS.get(assignment.role, ())
            ]
        RegionUserObjectPermission.objects.bulk_create(on_regions, batch_size=BATCH)
        DistrictUserObjectPermission.objects.bulk_create(on_districts, batch_size=BATCH)
        self.say(gettext("grants"), len(on_regions) + len(on_districts))
