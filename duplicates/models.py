"""What the duplicates app remembers: the pairs a user said are two different organisations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization


class NotDuplicateQuerySet(models.QuerySet):
    def pair_keys(self) -> set[tuple[int, int]]:
        """The pairs as (lower id, higher id)."""
        return set(self.values_list("first_id", "second_id"))


class NotDuplicate(models.Model):
    """Two organisations a user looked at and found different ("Not a duplicate"): the pair is never offered again.
    Kept as (lower id, higher id)."""

    first = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    objects = NotDuplicateQuerySet.as_manager()

    class Meta:
        verbose_name = _("pair that is not a duplicate")
        verbose_name_plural = _("pairs that are not duplicates")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="not_duplicate_unique_pair"),
            models.CheckConstraint(condition=models.Q(first__lt=models.F("second")), name="not_duplicate_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id}–{self.second_id}"
