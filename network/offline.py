"""What a field worker's tablet keeps offline (issue 20), and what changed in it since the tablet's last sync.

The copy is the least the field work of the user's *offline districts* needs (permissions.selectors.offline_districts:
where they may log a meeting — a sitar's ORP, an advisor's or an OSPOD worker's kraj), and never more than
``restrict(user, "view")`` gives, which every query below starts from:

- organisations seated in or serving those districts, except closed ones (a meeting may name an organisation outside
  the copy — closed, or from elsewhere — by id; the client shows it as such, or reads it online);
- their services and contact persons as the user's role may see them (an OSPOD worker only the contacts shared with
  OSPOD), without contacts erased on request;
- the cooperation links that touch those organisations;
- the meetings held in those districts in the last MEETING_DAYS days or later, and older ones that still have an open
  follow-up or an open need raised in them; never a case conference (a meeting of a case) nor anything of a case;
- the follow-ups of those meetings, and the open ones assigned to the user elsewhere (never of a case conference);
- the open needs of those districts, and the needs raised in the meetings sent.

A delta (``since``) gives the rows of the copy that changed since then, or whose owner did (a service or contact of
an organisation that changed, a follow-up or need of a meeting that changed: they may have entered the copy with it;
an organisation whose service changed, a meeting whose follow-up, need or document changed: they show those), and the
ids of rows that are not in the copy any more: deleted, moved away, closed, erased, become a case conference, aged
out of the MEETING_DAYS window, or hanging on an owner that left. Those ids are found in the history tables
(django-simple-history) among rows that lay in the kraje of the offline districts at some time: a client drops those
it has and ignores the others (ids only, never a name).
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q, QuerySet

from contacts.models import Contact
from meetings.models import FollowUp, Meeting, MeetingAttachment, Need, NeedStatus
from network.models import CooperationLink
from organizations.models import Organization, OrganizationStatus, Service
from organizations.selectors import seated_in_or_serving
from permissions.selectors import offline_districts
from territory.models import District

# How far back the meetings of the offline districts are kept (older ones only while something in them is open).
MEETING_DAYS = 180
OPEN_NEED = (NeedStatus.OPEN, NeedStatus.IN_PROGRESS)
# The collections of the copy, in the order the answer lists them, and their models.
COLLECTIONS = {
    "organizations": Organization,
    "services": Service,
    "contacts": Contact,
    "links": CooperationLink,
    "meetings": Meeting,
    "followups": FollowUp,
    "needs": Need,
}


@dataclass
class OfflineCopy:
    """The rows one user's tablet keeps, as of ``today`` (querysets, evaluated by the caller)."""

    user: object
    today: datetime.date

    @cached_property
    def districts(self) -> list[District]:
        return list(offline_districts(self.user).order_by("code"))

    @cached_property
    def district_ids(self) -> list[int]:
        return [district.pk for district in self.districts]

    @cached_property
    def region_ids(self) -> list[int]:
        return sorted({district.region_id for district in self.districts})

    def _view(self, model) -> QuerySet:
        if not self.district_ids:
            return model.objects.none()
        return model.objects.restrict(self.user, "view")

    # The copy ------------------------------------------------------------------------------------------------------

    def organizations(self) -> QuerySet[Organization]:
        return (
            self._view(Organization)
            .filter(seated_in_or_serving(self.district_ids))
            .exclude(status=OrganizationStatus.CLOSED)
        )

    def services(self) -> QuerySet[Service]:
        return self._view(Service).filter(organization_id__in=self.organizations().values("pk"))

    def contacts(self) -> QuerySet[Contact]:
        return self._view(Contact).filter(organization_id__in=self.organizations().values("pk"), erased_at__isnull=True)

    def links(self) -> QuerySet[CooperationLink]:
        organizations = self.organizations().values("pk")
        return self._view(CooperationLink).filter(Q(source_id__in=organizations) | Q(target_id__in=organizations))

    def meetings(self) -> QuerySet[Meeting]:
        open_followups = self._view(FollowUp).filter(done_at__isnull=True, district_id__in=self.district_ids)
        open_needs = self._view(Need).filter(status__in=OPEN_NEED, raised_in__isnull=False)
        return (
            self._view(Meeting)
            .filter(district_id__in=self.district_ids, case__isnull=True)
            .filter(
                Q(held_on__gte=self.meetings_from(self.today))
                | Q(pk__in=open_followups.values("meeting_id"))
                | Q(pk__in=open_needs.values("raised_in_id"))
            )
        )

    def followups(self) -> QuerySet[FollowUp]:
        mine = Q(assignee_id=self.user.pk, done_at__isnull=True)
        return (
            self._view(FollowUp)
            .filter(meeting__case__isnull=True)
            .filter(Q(meeting_id__in=self.meetings().values("pk")) | mine)
        )

    def needs(self) -> QuerySet[Need]:
        return (
            self._view(Need)
            .filter(Q(raised_in__isnull=True) | Q(raised_in__case__isnull=True))
            .filter(
                Q(district_id__in=self.district_ids, status__in=OPEN_NEED)
                | Q(raised_in_id__in=self.meetings().values("pk"))
            )
        )

    def rows(self, name: str) -> QuerySet:
        """The copy's rows of one collection (COLLECTIONS), by id."""
        return getattr(self, name)().order_by("pk")

    @staticmethod
    def meetings_from(day: datetime.date) -> datetime.date:
        """The first day whose meetings the copy keeps, as of ``day``."""
        return day - datetime.timedelta(days=MEETING_DAYS)

    # What changed ----------------------------------------------------------------------------------------------------

    def changed(self, name: str, since: datetime.datetime) -> QuerySet:
        """The rows of the copy that changed since ``since``, or whose owner or shown parts did."""
        rows = self.rows(name)
        fresh = Q(updated_at__gte=since)
        if name == "organizations":
            services = self._view(Service).filter(updated_at__gte=since)
            return rows.filter(fresh | Q(pk__in=services.values("organization_id")))
        if name in ("services", "contacts"):
            owners = self.organizations().filter(updated_at__gte=since).values("pk")
            return rows.filter(fresh | Q(organization_id__in=owners))
        if name == "links":
            owners = self.organizations().filter(updated_at__gte=since).values("pk")
            return rows.filter(fresh | Q(source_id__in=owners) | Q(target_id__in=owners))
        if name == "meetings":
            followups = self._view(FollowUp).filter(updated_at__gte=since).values("meeting_id")
            needs = self._view(Need).filter(updated_at__gte=since, raised_in__isnull=False).values("raised_in_id")
            documents = MeetingAttachment.history.filter(history_date__gte=since).values("meeting_id")
            return rows.filter(fresh | Q(pk__in=followups) | Q(pk__in=needs) | Q(pk__in=documents))
        owners = self.meetings().filter(updated_at__gte=since).values("pk")
        if name == "followups":
            return rows.filter(fresh | Q(meeting_id__in=owners))
        return rows.filter(fresh | Q(raised_in_id__in=owners))

    def gone(self, since: datetime.datetime) -> dict[str, list[int]]:
        """The ids, by collection, of rows the copy may hold that are not in it any more (see the module's doc)."""
        if not self.district_ids:
            return {name: [] for name in COLLECTIONS}
        candidates = {name: self._touched(model, since) for name, model in COLLECTIONS.items()}
        organizations = candidates["organizations"]
        for name in ("services", "contacts"):
            candidates[name] |= self._once_in_region(COLLECTIONS[name], Q(organization_id__in=organizations))
        candidates["links"] |= self._once_in_region(
            CooperationLink, Q(source_id__in=organizations) | Q(target_id__in=organizations)
        )
        # A meeting leaves when it ages out of the window, or when its last open follow-up or need closes.
        aged = self._view(Meeting).filter(
            district_id__in=self.district_ids,
            held_on__gte=self.meetings_from(since.date()),
            held_on__lt=self.meetings_from(self.today),
        )
        candidates["meetings"] |= set(aged.values_list("pk", flat=True))
        candidates["meetings"] |= self._history_values(FollowUp, candidates["followups"], "meeting_id")
        candidates["meetings"] |= self._history_values(Need, candidates["needs"], "raised_in_id")
        meetings = candidates["meetings"]
        candidates["followups"] |= self._once_in_region(FollowUp, Q(meeting_id__in=meetings))
        candidates["needs"] |= self._once_in_region(Need, Q(raised_in_id__in=meetings))
        gone = {}
        for name, ids in candidates.items():
            kept = set(self.rows(name).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
            gone[name] = sorted(ids - kept)
        return gone

    def _touched(self, model, since: datetime.datetime) -> set[int]:
        """Ids of rows changed (or deleted) since then that lay in the offline kraje at some time."""
        history = model.history.model.objects
        touched = history.filter(history_date__gte=since).values("id")
        return set(history.filter(id__in=touched, region_id__in=self.region_ids).values_list("id", flat=True))

    def _once_in_region(self, model, condition: Q) -> set[int]:
        """Ids of rows that at some time met the condition and lay in the offline kraje."""
        history = model.history.model.objects.filter(condition, region_id__in=self.region_ids)
        return set(history.values_list("id", flat=True))

    def _history_values(self, model, ids: set[int], column: str) -> set[int]:
        if not ids:
            return set()
        values = model.history.model.objects.filter(id__in=ids).values_list(column, flat=True)
        return {value for value in values if value is not None}
