"""The merge of two records of one organisation into one (``merge_organizations``): everything that points to the
merged record moves to the survivor, the survivor takes the values chosen field by field, the merged record is
deleted (its history stays, ending with "merged into #id") and an OrganizationMerge keeps its id pointing to the
survivor. One transaction: all or nothing.

No relation can be forgotten: the merge walks every foreign key to Organization (``organization_relations``: the
reverse relations of Organization, the hidden ones and the many-to-many tables included, the history's own copies
left out). A model may take over its rows by a classmethod ``merge_organization(cls, *, survivor, merged)``, called
first (evaluation's Report refuses two forms of one round; surveys' models define their own); the special cases of
this app's own reach (cooperation links, case involvements, pairs of organisations) have their handlers here;
whatever still points to the merged record is then re-pointed generically, a row that would become a twin of one of
the survivor's (a unique constraint) dropped instead. The merged record is deleted only when nothing points to it.
"""

import json
from collections import defaultdict

from django.apps import apps
from django.core import serializers
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges

from core.bulk_history import write_history
from core.errors import OutOfScope
from core.services import move_with_owner
from duplicates.models import NotDuplicate
from network.models import CaseInvolvement, CooperationLink, JointCasesBand, JointCasesSnapshot
from organizations.models import MERGE_UNDO_WITHIN, Organization, OrganizationKind, OrganizationMerge
from organizations.services import organization_children_follow, organization_update

# What the user chooses field by field (from the survivor or the merged record); the districts served are united.
# The address and the coordinates are chosen whole (a street of one and the obec of the other would be nowhere).
CHOICES = {
    "name": ("name",),
    "kind": ("kind",),
    "ico": ("ico",),
    "address": ("street", "postcode", "municipality"),
    "coordinates": ("latitude", "longitude"),
    "web": ("web",),
    "email": ("email",),
    "phone": ("phone",),
    "description": ("description",),
    "status": ("status",),
}
MERGE_FIELDS = tuple(name for names in CHOICES.values() for name in names)

# The relations an OSPOD's record has as an OSPOD: merged into a record that is not an OSPOD they would be wrong.
OSPOD_RELATIONS = {
    ("network.Case", "ospod"),
    ("evaluation.Report", "ospod"),
    ("permissions.RoleAssignment", "organization"),
}


def organization_relations() -> list[tuple[type[models.Model], models.ForeignKey]]:
    """Every foreign key to Organization (model, field), the many-to-many tables' included, the history left out."""
    relations = []
    for relation in Organization._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete) or relation.many_to_many:
            continue  # a many-to-many relation is listed by its table's own foreign key
        model = relation.related_model
        if issubclass(model, HistoricalChanges):
            continue  # the merged record's history stays its own
        relations.append((model, relation.field))
    return relations


def relation_label(model, field) -> str:
    """How the merge page names a relation: "meetings (participants)", "services"."""
    owner = model._meta.auto_created
    if owner:  # a many-to-many table: named by the owner's field
        m2m = next(f for f in owner._meta.many_to_many if f.remote_field.through is model)
        if owner is Organization:
            return str(capfirst(m2m.verbose_name))
        return f"{capfirst(owner._meta.verbose_name_plural)} ({m2m.verbose_name})"
    label = str(capfirst(model._meta.verbose_name_plural))
    return label if field.name == "organization" else f"{label} ({field.verbose_name})"


def what_moves(merged: Organization) -> list[dict]:
    """What points to the merged record, by relation, with a count: what the merge page says will move."""
    rows = []
    for model, field in organization_relations():
        if model in (OrganizationMerge,):
            continue
        count = model._base_manager.filter(**{field.name: merged}).count()
        if count:
            rows.append({"label": relation_label(model, field), "count": count, "key": key_of(model, field)})
    return rows


def _new_version(model) -> dict:
    """The columns that say a row changed (its change time, a synced record's version), as an update sets them."""
    names = {f.name for f in model._meta.concrete_fields}
    changes = {}
    if "updated_at" in names:
        changes["updated_at"] = timezone.now()
    if "version" in names:
        changes["version"] = F("version") + 1
    return changes


def key_of(model, field) -> str:
    return f"{model._meta.label}.{field.name}"


def snapshot_of(organization: Organization) -> dict:
    """The record as stored, as JSON (for an undo): its columns and its districts served."""
    values = {field.attname: getattr(organization, field.attname) for field in Organization._meta.concrete_fields}
    values["served_districts"] = sorted(organization.served_districts.values_list("pk", flat=True))
    # ISO dates with their microseconds (DjangoJSONEncoder keeps milliseconds only).
    values = {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in values.items()}
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


class Merge:
    """One merge under way: who, the two records, the reason each row's history gets, and what moved."""

    def __init__(self, *, actor, survivor: Organization, merged: Organization, reason: str):
        self.actor = actor
        self.survivor = survivor
        self.merged = merged
        self.note = f"merged #{merged.pk} ({merged.name}) into #{survivor.pk}"
        self.reason = reason
        self.moved: dict[str, list[int]] = defaultdict(list)
        self.dropped: dict[str, list[str]] = defaultdict(list)
        self.twins: list[str] = []

    # Rows -----------------------------------------------------------------------------------------------------------

    def drop(self, row, key: str) -> None:
        """Delete a row that would duplicate one of the survivor's (with a history row where it has a history); kept as
        it was, for an undo."""
        self.dropped[key].append(serializers.serialize("json", [row]))
        row._history_user = self.actor
        row._change_reason = self.note
        row.delete()

    def save(self, row, key: str, fields: list[str]) -> None:
        """Save a row taken over by the survivor, with a history row by the actor."""
        self.moved[key].append(row.pk)
        row._history_user = self.actor
        row._change_reason = self.note
        if any(f.name == "updated_at" for f in row._meta.concrete_fields):
            fields = [*fields, "updated_at"]
        if any(f.name == "version" for f in row._meta.concrete_fields):
            row.version = (row.version or 0) + 1
            fields = [*fields, "version"]
        row.save(update_fields=fields)

    def repoint(self, model, field) -> None:
        """Move the rows that still point to the merged record; a row whose twin the survivor has is dropped."""
        key = key_of(model, field)
        rows = list(model._base_manager.filter(**{field.name: self.merged}))
        kept = []
        for row in rows:
            if self.has_twin(model, field, row):
                self.drop(row, key)
            else:
                kept.append(row)
        # A meeting or working group whose participant moved or was dropped is a new version, with a history row.
        self.touch_owners(model, rows)
        if not kept:
            return
        ids = [row.pk for row in kept]
        model._base_manager.filter(pk__in=ids).update(**{field.attname: self.survivor.pk}, **_new_version(model))
        self.moved[key].extend(ids)
        if hasattr(model, "history") and not model._meta.auto_created:
            write_history(
                model, list(model._base_manager.filter(pk__in=ids)), update=True, actor=self.actor, reason=self.note
            )

    def touch_owners(self, model, rows) -> None:
        """Many-to-many rows moved or dropped: their owners (meetings, working groups) are a new version (a tablet's
        copy takes them again), each with a history row."""
        owner = model._meta.auto_created
        if not owner or owner is Organization or not rows:
            return
        link = next(f for f in model._meta.concrete_fields if f.related_model is owner)
        ids = {getattr(row, link.attname) for row in rows}
        changes = _new_version(owner)
        if changes:
            owner._base_manager.filter(pk__in=ids).update(**changes)
        if hasattr(owner, "history"):
            write_history(
                owner, list(owner._base_manager.filter(pk__in=ids)), update=True, actor=self.actor, reason=self.note
            )

    def has_twin(self, model, field, row) -> bool:
        """The survivor has a row equal to this one in one of the model's unique sets."""
        unique_sets = [tuple(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
        unique_sets += [tuple(fields) for fields in model._meta.unique_together]
        for fields in unique_sets:
            if field.name not in fields:
                continue
            lookup = {field.attname: self.survivor.pk}
            for name in fields:
                if name != field.name:
                    other = model._meta.get_field(name)
                    lookup[other.attname] = getattr(row, other.attname)
            if model._base_manager.filter(**lookup).exclude(pk=row.pk).exists():
                return True
        return False

    # The special cases ----------------------------------------------------------------------------------------------

    def links(self) -> None:
        """Cooperation links move to the survivor; a link between the two would link it to itself (dropped); a link
        that becomes the same as one of the survivor's (the same pair and kind, or the reverse of an undirected one)
        is merged into it: the evidence united, the higher strength, the earliest start, the latest confirmation,
        the notes joined."""
        key = "network.CooperationLink"
        for link in CooperationLink.objects.filter(Q(source=self.merged) | Q(target=self.merged)).order_by("pk"):
            source = self.survivor.pk if link.source_id == self.merged.pk else link.source_id
            target = self.survivor.pk if link.target_id == self.merged.pk else link.target_id
            if source == target:
                self.drop(link, key)
                continue
            same = CooperationLink.objects.filter(kind=link.kind).exclude(pk=link.pk)
            twin = same.filter(source_id=source, target_id=target).first()
            if twin is None and not link.directed:
                twin = same.filter(source_id=target, target_id=source, directed=False).first()
            if twin is None:
                link.source_id, link.target_id = source, target
                self.save(link, key, ["source", "target"])
                continue
            self.twins.append(serializers.serialize("json", [twin]))  # as it was, for an undo
            evidence = set(twin.evidence.values_list("pk", flat=True)) | set(link.evidence.values_list("pk", flat=True))
            twin.strength = max(twin.strength, link.strength)
            starts = [day for day in (twin.since, link.since) if day]
            twin.since = min(starts) if starts else None
            confirmed = [day for day in (twin.confirmed_on, link.confirmed_on) if day]
            twin.confirmed_on = max(confirmed) if confirmed else None
            if link.note.strip() and link.note.strip() not in twin.note:
                twin.note = "\n\n".join(note for note in (twin.note.strip(), link.note.strip()) if note)
            self.drop(link, key)
            twin.skip_history_when_saving = True
            try:
                twin.save()
            finally:
                del twin.skip_history_when_saving
            twin.evidence.set(sorted(evidence))
            write_history(CooperationLink, [twin], update=True, actor=self.actor, reason=self.note)

    def involvements(self) -> None:
        """One involvement of an organisation per case: the merged record's move unless the survivor is already
        involved in the case or owns it (then they are dropped); the survivor's involvements in the merged OSPOD's
        cases are dropped too (the survivor owns them now)."""
        key = "network.CaseInvolvement.organization"
        owners = (self.survivor.pk, self.merged.pk)
        for involvement in CaseInvolvement.objects.filter(organization=self.survivor, case__ospod=self.merged):
            self.drop(involvement, key)
        for involvement in CaseInvolvement.objects.filter(organization=self.merged).select_related("case"):
            taken = CaseInvolvement.objects.filter(case=involvement.case, organization=self.survivor).exists()
            if involvement.case.ospod_id in owners or taken:
                self.drop(involvement, key)
            else:
                involvement.organization = self.survivor
                self.save(involvement, key, ["organization"])

    def pairs(self, model, *, keys: tuple[str, ...] = (), rank=None) -> None:
        """Rows of a pair of organisations kept as (lower id, higher id): re-ordered, a pair of the two dropped, a pair
        the survivor has already kept once (the higher ``rank`` of the two kept)."""
        key = model._meta.label
        for row in model._base_manager.filter(Q(first=self.merged) | Q(second=self.merged)):
            ends = {self.survivor.pk if end == self.merged.pk else end for end in (row.first_id, row.second_id)}
            if len(ends) == 1:
                self.drop(row, key)
                continue
            first, second = sorted(ends)
            twin = (
                model._base_manager.filter(
                    first_id=first, second_id=second, **{name: getattr(row, name) for name in keys}
                )
                .exclude(pk=row.pk)
                .first()
            )
            if twin is not None:
                if rank is not None and rank(row) > rank(twin):
                    model._base_manager.filter(pk=twin.pk).update(**{name: getattr(row, name) for name in rank.fields})
                self.drop(row, key)
                continue
            model._base_manager.filter(pk=row.pk).update(first_id=first, second_id=second)
            self.moved[key].append(row.pk)


def _band_rank(row) -> int:
    return list(JointCasesBand.values).index(row.band)


_band_rank.fields = ("band",)

# The models whose rows need more than a new key, by handler (called once per model).
HANDLERS = {
    CooperationLink: lambda merge: merge.links(),
    CaseInvolvement: lambda merge: merge.involvements(),
    JointCasesSnapshot: lambda merge: merge.pairs(JointCasesSnapshot, keys=("taken_on",), rank=_band_rank),
    NotDuplicate: lambda merge: merge.pairs(NotDuplicate),
}


def _chosen_values(values: dict, survivor: Organization) -> dict:
    unknown = set(values) - set(MERGE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    return {name: value for name, value in values.items() if getattr(survivor, name) != value}


def _ospod_refusal(survivor: Organization, merged: Organization, kind: str) -> None:
    """An OSPOD's cases, forms and roles need an OSPOD: the kind chosen must stay OSPOD."""
    if kind == OrganizationKind.OSPOD:
        return
    for model, field in organization_relations():
        if (model._meta.label, field.name) in OSPOD_RELATIONS:
            if model._base_manager.filter(**{f"{field.name}__in": [survivor.pk, merged.pk]}).exists():
                raise ValidationError(
                    {"kind": _("The records have cases, forms or roles of an OSPOD: the organisation stays an OSPOD.")}
                )


@transaction.atomic
def merge_organizations(*, actor, survivor: Organization, merged: Organization, values: dict, reason: str):
    """Merge ``merged`` into ``survivor``: what points to it moves, ``values`` ({field: value}, of MERGE_FIELDS) are
    the survivor's new values, the districts served are united, the later verification kept. Both rows are locked
    first; both must be within ``restrict(actor, "merge")`` (else OutOfScope: 404). Returns the OrganizationMerge."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the two records are one organisation.")}, code="required")
    if survivor.pk == merged.pk:
        raise ValidationError({"merged": _("Choose two different records.")})
    ids = [survivor.pk, merged.pk]
    locked = {row.pk: row for row in Organization.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    if len(locked) != 2:
        raise OutOfScope("an organisation of the pair is gone")
    if actor is not None and Organization.objects.restrict(actor, "merge").filter(pk__in=ids).count() != 2:
        raise OutOfScope("merge not allowed")
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    data = _chosen_values(values, survivor)
    _ospod_refusal(survivor, merged, data.get("kind", survivor.kind))
    data["served_districts"] = set(survivor.served_districts.values_list("pk", flat=True)) | set(
        merged.served_districts.values_list("pk", flat=True)
    )
    snapshot = snapshot_of(merged)
    survivor_before = snapshot_of(survivor)
    merge = Merge(actor=actor, survivor=survivor, merged=merged, reason=reason)
    relations = organization_relations()

    by_hooks = []  # what a model's own hook took over: an undo cannot know how to put it back
    for model in dict.fromkeys(model for model, _field in relations):
        hook = getattr(model, "merge_organization", None)
        if callable(hook):
            before = _pointing(model, relations, merged)
            hook(survivor=survivor, merged=merged)
            if _pointing(model, relations, merged) < before:
                by_hooks.append(model._meta.label)
        if model in HANDLERS:
            HANDLERS[model](merge)
    for model, field in relations:
        merge.repoint(model, field)
    left = [
        key_of(model, field)
        for model, field in relations
        if model._base_manager.filter(**{field.name: merged}).exists()
    ]
    if left:  # a hook or handler that left rows behind: nothing is deleted that something points to
        raise RuntimeError(f"rows still point to the merged organisation: {left}")

    if merged.verified_at and (survivor.verified_at is None or merged.verified_at > survivor.verified_at):
        survivor.verified_at, survivor.verified_by_id = merged.verified_at, merged.verified_by_id
        survivor.verified_in_id = merged.verified_in_id
    record = OrganizationMerge.objects.create(
        merged_id=merged.pk,
        survivor=survivor,
        name=merged.name,
        ico=merged.ico or "",
        region_id=merged.region_id,
        district_id=merged.district_id,
        merged_by=actor,
        reason=reason,
        snapshot=snapshot,
        moved={
            "moved": dict(merge.moved),
            "dropped": dict(merge.dropped),
            "twins": merge.twins,
            "survivor": survivor_before,
            "by_hooks": by_hooks,
        },
    )
    merged._history_user = actor
    merged._change_reason = f"merged into #{survivor.pk}"
    merged.delete()
    organization_update(
        actor=actor,
        organization=survivor,
        data=data,
        reason=f"merged #{record.merged_id} ({record.name}): {reason}",
        action="merge",
    )
    _rescope(survivor, actor=actor)
    # Dated when all is done: whatever changes later is newer than the merge (an undo checks that).
    record.merged_at = timezone.now()
    record.save(update_fields=["merged_at"])
    return record


def _pointing(model, relations, organization: Organization) -> int:
    """How many rows of the model point to the organisation, by any of its keys to Organization."""
    return sum(
        model._base_manager.filter(**{field.name: organization}).count() for owner, field in relations if owner is model
    )


def _rescope(survivor: Organization, *, actor) -> None:
    """What came from the merged record lies where it lay: the rows scoped with the survivor follow it to its district
    (its services, contacts, links, cases, forms: any model whose scope is a key to Organization), as
    organization_update moves them when an organisation moves."""
    organization_children_follow(survivor, actor=actor)
    for model, field in organization_relations():
        if getattr(model, "scope_field", None) == field.name:
            rows = model._base_manager.filter(**{field.name: survivor}).exclude(district=survivor.district)
            move_with_owner(rows, survivor.district, actor=actor, reason="moved with the organisation")


# Undo -------------------------------------------------------------------------------------------------------------

# A merge is undone within MERGE_UNDO_WITHIN (a day), and only while nothing it touched has changed since.
PAIR_MODELS = {"network.JointCasesSnapshot", "duplicates.NotDuplicate"}


def _refuse(message, code: str) -> None:
    raise ValidationError({NON_FIELD_ERRORS: [ValidationError(message, code=code)]})


@transaction.atomic
def merge_undo(*, actor, record: OrganizationMerge) -> Organization:
    """Undo a merge within a day: the merged record comes back with its id, values and districts served, what moved
    goes back, what was dropped is restored, the survivor gets its own values back. Refused (a ValidationError saying
    why) when it is too late, or when the survivor or anything that moved has changed since the merge. The actor must
    be allowed to merge the survivor and the merged record's place. Returns the record brought back."""
    record = OrganizationMerge.objects.select_for_update().get(pk=record.pk)
    survivor = Organization.objects.select_for_update().filter(pk=record.survivor_id).first()
    if actor is not None and not Organization.objects.restrict(actor, "merge").filter(pk=record.survivor_id).exists():
        raise OutOfScope("undo not allowed")
    if timezone.now() - record.merged_at > MERGE_UNDO_WITHIN:
        _refuse(_("A merge can be undone within a day only."), "undo_too_late")
    data = record.moved or {}
    if survivor is None or "survivor" not in data or survivor.updated_at > record.merged_at:
        _refuse(_("The organisation has changed since the merge; the merge cannot be undone."), "undo_changed")
    if data.get("by_hooks"):
        what = ", ".join(str(_model_of(label)._meta.verbose_name_plural) for label in data["by_hooks"])
        _refuse(
            _("The merge took over records that cannot be put back (%(what)s); the merge cannot be undone.")
            % {"what": what},
            "undo_irreversible",
        )
    moved = data.get("moved", {})
    for key, ids in moved.items():
        model = _model_of(key)
        rows = model._base_manager.filter(pk__in=ids)
        if rows.count() != len(set(ids)) or (
            any(f.name == "updated_at" for f in model._meta.concrete_fields)
            and rows.filter(updated_at__gt=record.merged_at).exists()
        ):
            _refuse(
                _("Records that moved with the merge have changed since; the merge cannot be undone."), "undo_changed"
            )
    note = f"merge of #{record.merged_id} undone"
    # The survivor's own values first (the IČO it took is free again), then the merged record with its id.
    _restore_values(survivor, data["survivor"], actor=actor, reason=note)
    merged = Organization(pk=record.merged_id)
    _restore_values(merged, record.snapshot, actor=actor, reason=note, adding=True)
    if actor is not None and not Organization.objects.restrict(actor, "merge").filter(pk=merged.pk).exists():
        raise OutOfScope("undo not allowed")
    for key, ids in moved.items():
        _move_back(key, ids, survivor=survivor, merged=merged)
    for rows in data.get("dropped", {}).values():
        for row in rows:
            for restored in serializers.deserialize("json", row):
                restored.save()
    for row in data.get("twins", []):
        for restored in serializers.deserialize("json", row):
            restored.save()
    for organization in (survivor, merged):
        _rescope(organization, actor=actor)
    record.delete()
    return merged


def _model_of(key: str):
    app_label, model_name = key.split(".")[:2]
    return apps.get_model(app_label, model_name)


def _restore_values(organization: Organization, snapshot: dict, *, actor, reason: str, adding=False) -> None:
    """Put an organisation's columns and districts served back as a snapshot has them, with a history row."""
    for field in Organization._meta.concrete_fields:
        if field.attname in snapshot and not field.primary_key:
            setattr(organization, field.attname, field.to_python(snapshot[field.attname]))
    organization._history_user = actor
    organization._change_reason = reason
    organization.skip_history_when_saving = True
    try:
        organization.save(force_insert=adding)
        organization.served_districts.set(snapshot.get("served_districts", []))
    finally:
        del organization.skip_history_when_saving
    if adding:  # created_at is auto_now_add: the record comes back with the day it was first created
        created = Organization._meta.get_field("created_at").to_python(snapshot["created_at"])
        Organization.objects.filter(pk=organization.pk).update(created_at=created)
        organization.created_at = created
    write_history(Organization, [organization], update=not adding, actor=actor, reason=reason)


def _move_back(key: str, ids: list[int], *, survivor: Organization, merged: Organization) -> None:
    """Rows that moved to the survivor point to the merged record again."""
    model = _model_of(key)
    rows = model._base_manager.filter(pk__in=ids)
    if key in PAIR_MODELS:
        for row in rows:
            ends = sorted(merged.pk if end == survivor.pk else end for end in (row.first_id, row.second_id))
            rows.model._base_manager.filter(pk=row.pk).update(first_id=ends[0], second_id=ends[1])
        return
    if key == "network.CooperationLink":
        rows.filter(source=survivor).update(source=merged)
        rows.filter(target=survivor).update(target=merged)
        return
    field = model._meta.get_field(key.split(".")[2])
    rows.update(**{field.attname: merged.pk})
