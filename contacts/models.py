"""Contact persons at organisations: minimal personal data, each with a legal basis, erasable on request."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.search import normalize
from organizations.validators import validate_phone
from permissions.scoping import ScopedModel

ERASED_NAME = "—"


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("consent of the person")
    LEGITIMATE_INTEREST = "legitimate_interest", _("legitimate interest (work contact)")
    PUBLIC_TASK = "public_task", _("task in the public interest")


class ErasureGround(models.TextChoices):
    """The legal ground of an erasure: the only "why" the log keeps (free text about a person tends to quote them)."""

    REQUEST = "request", _("the person's request (GDPR Art. 17)")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("consent withdrawn")
    OBJECTION = "objection", _("objection to the processing (GDPR Art. 21)")
    NO_LONGER_NEEDED = "no_longer_needed", _("end of the legal basis (no longer a contact of the organisation)")
    DEATH = "death", _("death of the person")
    UNLAWFUL = "unlawful", _("recorded unlawfully or by mistake")


class Contact(ScopedModel):
    """A person at an organisation the network works with; scoped with the organisation."""

    scope_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    # The name without diacritics and case, kept by clean(): what the directory's search finds people by. Not in the
    # history (a copy of the name that erasure would have to scrub too).
    search_name = models.CharField(_("name for search"), max_length=150, editable=False, default="")
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    shareable_with_ospod = models.BooleanField(
        _("may be shown to OSPOD workers"),
        default=False,
        help_text=_("Only with the person's agreement: OSPOD caseworkers then see this contact."),
    )
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "search_name"])

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["organization__name", "name", "id"]
        indexes = [models.Index(fields=["region", "district"], name="contact_scope_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def clean(self) -> None:
        self.search_name = normalize(self.name)
        if self.legal_basis == LegalBasis.CONSENT and not self.consent_on and not self.is_erased:
            raise ValidationError({"consent_on": _("With consent as the legal basis, give the date of the consent.")})


class ContactErasure(models.Model):
    """The log of an erasure: who erased which contact, when, on what legal ground; no personal data, no free text."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact person"), on_delete=models.SET_NULL, null=True, related_name="erasures"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="contact_erasures",
    )
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="contact_erasures",
    )
    # Blank only on erasures logged before the grounds were recorded (their free-text reasons were dropped).
    ground = models.CharField(_("legal ground"), max_length=30, choices=ErasureGround.choices, blank=True)

    class Meta:
        verbose_name = _("erasure of a contact")
        verbose_name_plural = _("erasures of contacts")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"{self.erased_at:%Y-%m-%d} #{self.contact_id}"
