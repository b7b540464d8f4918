"""The delta feed of the offline tablets (issue 20): GET /api/v1/sync/?since=<cursor>.

The answer carries the user's offline copy (network.offline: which rows, and why) — each record exactly as its
collection's serializer shows it, plus its ``etag`` (what the client sends back as If-Match), without the ``case`` of
a meeting (the copy holds no case conference) — and a ``cursor`` for the next call. With a valid cursor only what
changed since then comes (``records``) and the ids of rows the copy no longer holds (``deleted``); without one, or
with one that is malformed, older than SITAR_OFFLINE_MAX_DAYS or made for another scope (the user's roles or
territory changed), the whole copy comes (``full``: the client replaces what it has).

The cursor is signed (it carries the time of the answer and a fingerprint of the user's scope); a delta looks back
OVERLAP before that time, so a row written by a transaction that committed after the answer was read is not missed
(a repeated row is harmless). A user with no offline districts (no field role, a superuser without roles) gets an
empty copy, not a 403: the client needs no special case. Records come in chunks of CHUNK rows, each read with a
fixed number of queries (the viewsets' attach machinery), so the query count does not grow with the rows until a
collection has more than CHUNK of them.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core import signing
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response

from api.attached import attach_ids, attach_rows, keep_visible
from api.base import RestrictedViewSet, etag_of
from api.contacts import ContactSerializer, ContactViewSet
from api.meetings import (
    FollowUpSerializer,
    FollowUpViewSet,
    MeetingSerializer,
    MeetingViewSet,
    NeedSerializer,
    NeedViewSet,
)
from api.network_links import LinkSerializer, LinkViewSet
from api.organizations import OrganizationSerializer, OrganizationViewSet, ServiceSerializer, ServiceViewSet
from api.serializers import CodeRelatedField, DirectReadModelSerializer
from meetings.models import Meeting
from network.offline import COLLECTIONS, OfflineCopy
from organizations.models import Organization, ServiceKind, TargetGroup
from permissions.scoping import assignments_of
from territory.models import District, Municipality

# A delta looks this far back before its cursor's time: a write committed late (a long import) is not missed.
OVERLAP = datetime.timedelta(minutes=15)
# Records read and shown at once: each chunk costs the same few queries.
CHUNK = 2000
# Bump when what the copy holds changes: every tablet then gets its whole copy again.
FORMAT = 1
CURSOR_SALT = "api.sync.cursor"


class EtagMixin(serializers.Serializer):
    etag = serializers.SerializerMethodField(help_text="The record's version: send it as If-Match to change it.")

    def get_etag(self, instance) -> str:
        return etag_of(instance)


def _with_etag(serializer_class, name: str, *, without: tuple[str, ...] = ()):
    """The collection's serializer with the record's etag (and without the fields the copy leaves out)."""
    meta = type("Meta", (serializer_class.Meta,), {"fields": [*serializer_class.Meta.fields, "etag"]})
    meta.fields = [field for field in meta.fields if field not in without]
    return type(name, (EtagMixin, serializer_class), {"Meta": meta, **dict.fromkeys(without)})


# Each collection of the copy: its serializer (with the etag) and the viewset whose sets it shows.
SYNCED = {
    "organizations": (_with_etag(OrganizationSerializer, "SyncOrganizationSerializer"), OrganizationViewSet),
    "services": (_with_etag(ServiceSerializer, "SyncServiceSerializer"), ServiceViewSet),
    "contacts": (_with_etag(ContactSerializer, "SyncContactSerializer"), ContactViewSet),
    "links": (_with_etag(LinkSerializer, "SyncLinkSerializer"), LinkViewSet),
    "meetings": (_with_etag(MeetingSerializer, "SyncMeetingSerializer", without=("case",)), MeetingViewSet),
    "followups": (_with_etag(FollowUpSerializer, "SyncFollowUpSerializer"), FollowUpViewSet),
    "needs": (_with_etag(NeedSerializer, "SyncNeedSerializer"), NeedViewSet),
}
# The prefix of each collection's choice labels ("meeting.kind").
LABEL_PREFIX = {
    "organizations": "organization",
    "services": "service",
    "contacts": "contact",
    "links": "link",
    "meetings": "meeting",
    "followups": "followup",
    "needs": "need",
}
assert set(SYNCED) == set(COLLECTIONS) == set(LABEL_PREFIX)


# ----------------------------------------------------------------------------------------- the answer's shape --


class SyncDistrictSerializer(DirectReadModelSerializer):
    region = CodeRelatedField(read_only=True)

    class Meta:
        model = District
        fields = ["code", "name", "region"]


class SyncMunicipalitySerializer(DirectReadModelSerializer):
    district = CodeRelatedField(read_only=True)

    class Meta:
        model = Municipality
        fields = ["code", "name", "district"]


class SyncCodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SyncUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    districts = serializers.ListField(child=serializers.CharField(), help_text="The offline districts (ORP codes).")


class SyncSettingsSerializer(serializers.Serializer):
    offline_max_days = serializers.IntegerField(help_text="The longest the client works offline without a sync.")
    session_expires_at = serializers.DateTimeField(
        allow_null=True, help_text="When the session ends unless used (null: token, or a session of a shared device)."
    )
    shared_device = serializers.BooleanField(help_text="Signed in on a shared device: keep no offline copy.")


class SyncRecordsSerializer(serializers.Serializer):
    districts = SyncDistrictSerializer(many=True, help_text="In full answers only.")
    municipalities = SyncMunicipalitySerializer(many=True, help_text="In full answers only.")
    service_kinds = SyncCodeSerializer(many=True, help_text="In full answers only.")
    target_groups = SyncCodeSerializer(many=True, help_text="In full answers only.")
    organizations = SYNCED["organizations"][0](many=True)
    services = SYNCED["services"][0](many=True)
    contacts = SYNCED["contacts"][0](many=True)
    links = SYNCED["links"][0](many=True)
    meetings = SYNCED["meetings"][0](many=True)
    followups = SYNCED["followups"][0](many=True)
    needs = SYNCED["needs"][0](many=True)


class SyncDeletedSerializer(serializers.Serializer):
    organizations = serializers.ListField(child=serializers.IntegerField())
    services = serializers.ListField(child=serializers.IntegerField())
    contacts = serializers.ListField(child=serializers.IntegerField())
    links = serializers.ListField(child=serializers.IntegerField())
    meetings = serializers.ListField(child=serializers.IntegerField())
    followups = serializers.ListField(child=serializers.IntegerField())
    needs = serializers.ListField(child=serializers.IntegerField())


class SyncSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Send it as `since` on the next call.")
    full = serializers.BooleanField(help_text="True: the whole copy; replace what the client has.")
    generated_at = serializers.DateTimeField()
    user = SyncUserSerializer()
    settings = SyncSettingsSerializer()
    labels = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="The labels of the records' choices in the request's language (\"meeting.kind\": {value: label}).",
    )
    records = SyncRecordsSerializer()
    deleted = SyncDeletedSerializer(help_text="Ids of rows the copy no longer holds (empty in a full answer).")


# ------------------------------------------------------------------------------------------------- the cursor --


def scope_fingerprint(user, assignments, districts: list[District]) -> str:
    """What the copy depends on besides time: the user, their roles and places, the offline districts."""
    places = sorted((a.role, a.region_id or 0, a.district_id or 0, a.organization_id or 0) for a in assignments)
    key = [FORMAT, user.pk, user.is_superuser, places, [district.pk for district in districts]]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()[:20]


def make_cursor(at: datetime.datetime, fingerprint: str) -> str:
    return signing.dumps({"t": int(at.timestamp() * 1_000_000), "f": fingerprint}, salt=CURSOR_SALT)


def cursor_time(cursor: str | None, fingerprint: str, now: datetime.datetime) -> datetime.datetime | None:
    """The time a valid cursor of this scope was made, or None (no cursor, malformed, another scope, too old)."""
    if not cursor:
        return None
    try:
        data = signing.loads(cursor, salt=CURSOR_SALT)
        at = datetime.datetime.fromtimestamp(data["t"] / 1_000_000, tz=datetime.UTC)
        same_scope = data["f"] == fingerprint
    except (signing.BadSignature, TypeError, KeyError, ValueError, OverflowError, OSError):
        return None
    too_old = now - at > datetime.timedelta(days=settings.SITAR_OFFLINE_MAX_DAYS)
    if not same_scope or too_old or at > now + OVERLAP:
        return None
    return at


# ------------------------------------------------------------------------------------------------- the records --


def shown_records(name: str, rows, context: dict) -> list[dict]:
    """The rows of one collection as its serializer shows them, with their sets read a chunk at a time."""
    serializer_class, viewset = SYNCED[name]
    related = viewset.queryset.query.select_related
    if isinstance(related, dict) and related:
        rows = rows.select_related(*related)
    shown = set(serializer_class.Meta.fields)
    records, last = [], 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        attach_ids(chunk, [field for field in viewset.id_sets if field in shown])
        attach_rows(chunk, {field: nested for field, nested in viewset.row_sets.items() if field in shown})
        if name == "links":
            # A link's evidence by the meetings the user may see that belong to no case: the copy names no case
            # conference.
            visible = Meeting.objects.restrict(context["request"].user, "view").filter(case__isnull=True)
            keep_visible(chunk, "evidence", visible)
        records += serializer_class(chunk, many=True, context=context).data
        if len(chunk) < CHUNK:
            break
        last = chunk[-1].pk
    return records


def choice_labels() -> dict[str, dict[str, str]]:
    """The labels of every choice the records show, in the active language."""
    labels = {}
    for name, (serializer_class, _viewset) in SYNCED.items():
        for field_name, field in serializer_class().fields.items():
            if isinstance(field, serializers.ChoiceField) and not field.write_only:
                labels[f"{LABEL_PREFIX[name]}.{field_name}"] = {
                    str(value): str(label) for value, label in field.choices.items()
                }
    return dict(sorted(labels.items()))


def session_settings(request) -> dict:
    """When a session-authenticated client's session ends (it slides with each request: SlidingSessionMiddleware);
    null for a token, and for a session that ends when the browser closes (a shared device)."""
    session = getattr(request, "session", None)
    if session is None or not isinstance(request.successful_authenticator, SessionAuthentication):
        return {"session_expires_at": None, "shared_device": False}
    if session.get_expire_at_browser_close():
        return {"session_expires_at": None, "shared_device": True}
    return {"session_expires_at": session.get_expiry_date(), "shared_device": False}


# --------------------------------------------------------------------------------------------------- the view --


class SyncViewSet(RestrictedViewSet):
    """The user's offline copy, whole or what changed since a cursor (every row through restrict(user, "view"))."""

    queryset = Organization.objects.all()
    filter_backends = []
    pagination_class = None

    @extend_schema(
        operation_id="sync",
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                description="The cursor of the previous answer. Missing, malformed, too old or of another scope: the "
                "whole copy comes (full).",
            )
        ],
        responses=SyncSerializer,
        tags=["sync"],
    )
    def show(self, request):
        """The offline copy of the user's districts: whole, or what changed since the cursor ``since``."""
        now = timezone.now()
        user = request.user
        copy = OfflineCopy(user=user, today=timezone.localdate(now))
        districts = copy.districts
        assignments = assignments_of(user)
        fingerprint = scope_fingerprint(user, assignments, districts)
        cursor_at = cursor_time(request.query_params.get("since"), fingerprint, now)
        full = cursor_at is None
        context = self.get_serializer_context()
        records = {"districts": [], "municipalities": [], "service_kinds": [], "target_groups": []}
        if full:
            records["districts"] = SyncDistrictSerializer(districts, many=True).data
            records["municipalities"] = SyncMunicipalitySerializer(
                Municipality.objects.filter(district_id__in=copy.district_ids).order_by("code"), many=True
            ).data
            for key, model in (("service_kinds", ServiceKind), ("target_groups", TargetGroup)):
                records[key] = [
                    {"code": code, "name": name} for code, name in model.objects.values_list("code", "name")
                ]
        since = None if full else cursor_at - OVERLAP
        for name in COLLECTIONS:
            rows = copy.rows(name) if full else copy.changed(name, since)
            records[name] = shown_records(name, rows, context)
        deleted = {name: [] for name in COLLECTIONS} if full else copy.gone(since)
        datetime_field = serializers.DateTimeField()
        session = session_settings(request)
        return Response(
            {
                "cursor": make_cursor(now, fingerprint),
                "full": full,
                "generated_at": datetime_field.to_representation(now),
                "user": {
                    "id": user.pk,
                    "username": user.get_username(),
                    "roles": sorted({assignment.role for assignment in assignments}),
                    "districts": [district.code for district in districts],
                },
                "settings": {
                    "offline_max_days": settings.SITAR_OFFLINE_MAX_DAYS,
                    "session_expires_at": session["session_expires_at"]
                    and datetime_field.to_representation(session["session_expires_at"]),
                    "shared_device": session["shared_device"],
                },
                "labels": choice_labels(),
                "records": records,
                "deleted": deleted,
            }
        )
