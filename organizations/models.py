"""Organisations, the services they offer, and the codelists that describe them."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import OwnedQuerySet
from organizations.search import normalize
from organizations.validators import validate_ico, validate_phone, validate_postcode
from permissions.scoping import ScopedModel, ScopedQuerySet


class Codelist(models.Model):
    """A small table of codes with a Czech label (and an English one) loaded by migration."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class ServiceCategory(models.TextChoices):
    COUNSELLING = "counselling", _("social counselling")
    CARE = "care", _("social care services")
    PREVENTION = "prevention", _("social prevention services")
    OTHER_REGISTERED = "other_registered", _("other registered service")
    NON_REGISTERED = "non_registered", _("non-registered service")


class ServiceKind(Codelist):
    """A kind of service: the 33 kinds of zákon 108/2006 Sb. and kinds outside the registry (leisure, paediatrics, …)."""

    paragraph = models.CharField(_("section of the Act"), max_length=12, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ServiceCategory.choices)
    registrable = models.BooleanField(_("registered under the Social Services Act"), default=False)
    registry_code = models.CharField(_("MPSV registry code"), max_length=20, blank=True)
    is_key = models.BooleanField(
        _("key service for families"),
        default=False,
        help_text=_("Counted in the coverage of every ORP (e.g. SAS for families, NZDM, crisis help)."),
    )

    class Meta(Codelist.Meta):
        verbose_name = _("service kind")
        verbose_name_plural = _("service kinds")

    def __str__(self) -> str:
        label = super().__str__()
        return f"§ {self.paragraph} {label}" if self.paragraph else label


class TargetGroup(Codelist):
    """A group of people a service is for (registry wording where the registry has one)."""

    registry_name = models.CharField(_("name in the MPSV registry"), max_length=200, blank=True)

    class Meta(Codelist.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class ServiceForm(Codelist):
    """How a service is given: ambulatory, field or residential."""

    registry_code = models.CharField(_("MPSV registry code"), max_length=20, blank=True)

    class Meta(Codelist.Meta):
        verbose_name = _("form of service")
        verbose_name_plural = _("forms of service")


class OrganizationKind(models.TextChoices):
    OSPOD = "ospod", _("OSPOD (child protection authority)")
    NGO = "ngo", _("NGO")
    SOCIAL_SERVICE_PROVIDER = "social_service_provider", _("social-service provider")
    SCHOOL = "school", _("school / kindergarten")
    SCHOOL_COUNSELLING = "school_counselling", _("school counselling facility")
    HEALTH = "health", _("health care / paediatrician")
    POLICE = "police", _("police")
    COURT = "court", _("court")
    MUNICIPALITY = "municipality", _("municipality")
    LABOUR_OFFICE = "labour_office", _("labour office")
    FOSTER_CARE_AGENCY = "foster_care_agency", _("foster-care agency")
    CHURCH_CHARITY = "church_charity", _("church / charity")
    EMPLOYER = "employer", _("employer")
    OTHER = "other", _("other")


class OrganizationStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class OrganizationQuerySet(ScopedQuerySet):
    """Organisations; ``restrict(user, action)`` for the rows a user may see or change."""

    def ospods(self) -> "OrganizationQuerySet":
        """The child protection authorities (OSPOD), the organisations OSPOD roles and cases belong to."""
        return self.filter(kind=OrganizationKind.OSPOD)

    def public(self) -> "OrganizationQuerySet":
        """The providers in the public catalogue: open organisations with a service there."""
        services = Service.objects.public().filter(organization=models.OuterRef("pk"))
        return self.filter(models.Exists(services), status=OrganizationStatus.ACTIVE)


class Organization(ScopedModel):
    """An actor of the local network (OSPOD, NGO, school, …), placed by its address in a district and region."""

    name = models.CharField(_("name"), max_length=255)
    # The name without diacritics and case, kept by clean(): the portable form the directory searches in.
    search_name = models.CharField(_("name for search"), max_length=255, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    ico = models.CharField(
        _("IČO"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_ico],
        error_messages={"unique": _("An organisation with this IČO already exists.")},
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True, validators=[validate_postcode])
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="organizations",
        null=True,
        blank=True,
        help_text=_("The obec of the address; it decides the district. Leave empty for a hidden address."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(48)), MaxValueValidator(Decimal("51.5"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(12)), MaxValueValidator(Decimal(19))],
    )
    web = models.URLField(_("web"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    description = models.TextField(_("description"), blank=True)
    served_districts = models.ManyToManyField(
        "territory.District", verbose_name=_("districts served"), related_name="served_organizations", blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OrganizationStatus.choices, default=OrganizationStatus.ACTIVE
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verified_organizations",
        editable=False,
    )
    verified_in = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("verified on the visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verified_organizations",
        editable=False,
    )
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=["served_districts"])

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["region", "district", "name"], name="org_scope_name_idx"),
            # The directory in its order (name, id) nationwide and in a kraj: the first page and the map's first
            # 1 000 read from the index instead of sorting every organisation (narodni 83 → 40 ms).
            models.Index(fields=["name", "id"], name="org_name_idx"),
            models.Index(fields=["region", "name", "id"], name="org_region_name_idx"),
            models.Index(fields=["kind"], name="org_kind_idx"),
            # The few organisations that are not active: "a service not of a closed organisation" looks them up
            # here instead of joining every organisation of the country (network.analysis.coverage.active_services).
            models.Index(
                fields=["id"], condition=~models.Q(status=OrganizationStatus.ACTIVE), name="org_not_active_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ospod(self) -> bool:
        """A child protection authority: the organisation OSPOD roles and cases belong to."""
        return self.kind == OrganizationKind.OSPOD

    def clean(self) -> None:
        self.search_name = normalize(self.name)
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both coordinates or neither.")})


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")


class CapacityUnit(models.TextChoices):
    CLIENTS = "clients", _("clients")
    BEDS = "beds", _("beds")
    FAMILIES = "families", _("families")
    PLACES = "places", _("places")


# Free places and waiting time older than this are shown as stale: a field worker asks again on the next visit.
AVAILABILITY_STALE_AFTER = datetime.timedelta(days=90)


class ServiceQuerySet(ScopedQuerySet):
    """Services; ``restrict(user, action)`` for the rows a user may see or change."""

    def public(self) -> "ServiceQuerySet":
        """The services of the families' public catalogue: published, provided today, by an open organisation."""
        today = timezone.localdate()
        # "Not of a closed organisation": the few closed ones looked up in their partial index (org_not_active_idx),
        # rather than a join with every organisation of the country.
        closed = Organization.objects.filter(pk=models.OuterRef("organization_id")).exclude(
            status=OrganizationStatus.ACTIVE
        )
        return self.filter(
            models.Q(active_from__isnull=True) | models.Q(active_from__lte=today),
            models.Q(active_until__isnull=True) | models.Q(active_until__gte=today),
            published=True,
            status=ServiceStatus.ACTIVE,
        ).exclude(models.Exists(closed.order_by()))


class Service(ScopedModel):
    """A service an organisation offers; scoped with its organisation."""

    scope_field = "organization"

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("name"), max_length=255)
    # The name without diacritics and case, kept by clean(): what the public catalogue searches in.
    search_name = models.CharField(_("name for search"), max_length=255, editable=False, default="")
    kind = models.ForeignKey(ServiceKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="services")
    forms = models.ManyToManyField(ServiceForm, verbose_name=_("forms"), related_name="services", blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="services", blank=True
    )
    age_from = models.PositiveSmallIntegerField(
        _("age from"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_to = models.PositiveSmallIntegerField(_("age to"), null=True, blank=True, validators=[MaxValueValidator(120)])
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    capacity_note = models.CharField(_("capacity note"), max_length=200, blank=True)
    capacity_unit = models.CharField(_("unit of capacity"), max_length=10, choices=CapacityUnit.choices, blank=True)
    # Free places and waiting time as the organisation said on a visit, with the day they were true.
    free_places = models.PositiveIntegerField(_("free places"), null=True, blank=True)
    waiting_days = models.PositiveIntegerField(
        _("waiting time in days"), null=True, blank=True, help_text=_("0 when there is no waiting time.")
    )
    availability_as_of = models.DateField(_("free places as of"), null=True, blank=True)
    served_districts = models.ManyToManyField(
        "territory.District", verbose_name=_("districts served"), related_name="served_services", blank=True
    )
    registry_id = models.CharField(
        _("registry identifier"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        error_messages={"unique": _("A service with this registry identifier already exists.")},
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    active_from = models.DateField(_("provided since"), null=True, blank=True)
    active_until = models.DateField(_("provided until"), null=True, blank=True)
    # What the families' public catalogue shows of the service: its own ways in (the organisation's are its
    # headquarters'), and whether it is shown at all.
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    web = models.URLField(_("web"), blank=True)
    published = models.BooleanField(
        _("in the public catalogue"),
        default=False,
        help_text=_(
            "Shown to families in the public catalogue (services from the MPSV registry are, unless withdrawn)."
        ),
    )
    withdrawal_reason = models.CharField(
        _("why it is not in the public catalogue"),
        max_length=300,
        blank=True,
        help_text=_("Required when a service is withdrawn from the public catalogue."),
    )
    history = HistoricalRecords(
        excluded_fields=["updated_at", "search_name"], m2m_fields=["forms", "target_groups", "served_districts"]
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["organization__name", "name", "id"]
        indexes = [models.Index(fields=["region", "district"], name="service_scope_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.search_name = normalize(self.name)
        errors = {}
        if self.age_from is not None and self.age_to is not None and self.age_to < self.age_from:
            errors["age_to"] = _("The upper age cannot be below the lower one.")
        if self.active_from and self.active_until and self.active_until < self.active_from:
            errors["active_until"] = _("The end cannot come before the start.")
        if self.status == ServiceStatus.ENDED and not self.active_until:
            errors["active_until"] = _("An ended service needs the date it ended.")
        errors.update(self._availability_errors())
        if self.published:
            self.withdrawal_reason = ""
        if errors:
            raise ValidationError(errors)

    def _availability_errors(self) -> dict:
        errors = {}
        if self.free_places is not None and self.capacity is not None and self.free_places > self.capacity:
            errors["free_places"] = _("There cannot be more free places than the capacity.")
        if self.availability_as_of and self.availability_as_of > timezone.localdate():
            errors["availability_as_of"] = _("The date cannot be in the future.")
        if (self.free_places is not None or self.waiting_days is not None) and not self.availability_as_of:
            errors["availability_as_of"] = _("Say as of which day the free places and waiting time hold.")
        return errors

    @property
    def availability_stale(self) -> bool:
        """The free places were last asked about too long ago to be relied on."""
        return (
            bool(self.availability_as_of) and timezone.localdate() - self.availability_as_of > AVAILABILITY_STALE_AFTER
        )


# -------------------------------------------------------------------------------------------------- bulk import --

# What the file holds: one entity type per file.
ENTITY_CHOICES = [("organization", _("organisations")), ("service", _("services")), ("contact", _("contact persons"))]


class ImportBatchStatus(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded, not checked yet")
    CHECKED = "checked", _("checked")
    IMPORTED = "imported", _("imported")
    REJECTED = "rejected", _("rejected: nothing saved")


class ImportBatchQuerySet(OwnedQuerySet):
    """Batches are the uploader's own (the check and the import run as the uploader)."""

    owner_field = "uploaded_by"

    def forget_contacts(self) -> int:
        """Forget the files and names of every contact-person batch still holding them (a person's data was erased:
        a pending file may hold it, and an XLSX cannot be searched without reading it); returns how many. The uploader
        uploads the file again to import it."""
        count = 0
        for batch in self.filter(entity="contact").exclude(content=b"").select_for_update():
            batch.forget_people()
            batch.save(update_fields=["content", "report"])
            count += 1
        return count


class ImportBatch(models.Model):
    """A bulk-import file as uploaded, with the report of its last run (the check, or the import itself)."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="import_batches"
    )
    entity = models.CharField(_("records in the file"), max_length=20, choices=ENTITY_CHOICES)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"))
    status = models.CharField(
        _("status"), max_length=10, choices=ImportBatchStatus.choices, default=ImportBatchStatus.UPLOADED
    )
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_entity_display()})"

    @property
    def can_import(self) -> bool:
        """Checked without a bad row or a file error, and not imported yet."""
        report = self.report or {}
        return self.status == ImportBatchStatus.CHECKED and bool(report.get("ok"))

    def forget_people(self) -> None:
        """Drop what the batch holds of people once it is done with (the caller saves it): the file, and the names of
        contact persons in its report (the records themselves are where erasure on request reaches them)."""
        self.content = b""
        if self.entity == "contact":
            for row in self.report.get("rows", ()):
                row["label"] = ""


# ------------------------------------------------------------------------------------------------------ merges --


# A merge may be undone this long after it was made (duplicates.merge.merge_undo).
MERGE_UNDO_WITHIN = datetime.timedelta(days=1)


class OrganizationMerge(models.Model):
    """Two records of one organisation made one (duplicates.merge): the merged record's id, gone, points to the
    survivor. Kept with what the merged record was (name, IČO, place) and a snapshot of it and of what moved, so the
    old id (an offline tablet's, an external system's, an import's IČO) keeps finding the organisation.

    The survivor is re-pointed like any relation when it is itself merged later, so ``survivor`` is always the
    organisation that holds the record today (selectors.survivor_of follows a chain all the same)."""

    merged_id = models.PositiveBigIntegerField(_("merged record's id"), unique=True)
    survivor = models.ForeignKey(
        Organization, verbose_name=_("merged into"), on_delete=models.PROTECT, related_name="merges"
    )
    name = models.CharField(_("name"), max_length=255)
    ico = models.CharField(_("IČO"), max_length=8, blank=True, db_index=True)
    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    district = models.ForeignKey(
        "territory.District", verbose_name=_("district"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("merged by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    # The merged record as it was ({field: value}) and what moved ({"app.Model.field": [ids]}), for an undo.
    snapshot = models.JSONField(_("the merged record"), default=dict)
    moved = models.JSONField(_("what moved"), default=dict)

    class Meta:
        verbose_name = _("merge of organisations")
        verbose_name_plural = _("merges of organisations")
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.merged_id} {self.name} → #{self.survivor_id}"
