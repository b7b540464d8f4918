"""The life situations a family searches the public catalogue by, each mapped to service kinds and target groups."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from permissions.scoping import RestrictableQuerySet, Scope, may


class LifeSituationQuerySet(RestrictableQuerySet):
    """A national table: anyone sees it (the public catalogue searches by it); the national methodologist changes it
    (permissions.rules, "lifesituation")."""

    def public(self) -> "LifeSituationQuerySet":
        return self

    def within(self, scope: Scope, user, action: str) -> "LifeSituationQuerySet":
        return self if action == "view" or may(user, "lifesituation", action) else self.none()


class LifeSituation(models.Model):
    """ "Where do I find help with …": a situation in a family's plain words, and the services that help with it: those
    of its kinds, and those for its target groups."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    description_en = models.CharField(_("description in English"), max_length=300, blank=True)
    kinds = models.ManyToManyField(
        "organizations.ServiceKind", verbose_name=_("service kinds"), related_name="life_situations", blank=True
    )
    target_groups = models.ManyToManyField(
        "organizations.TargetGroup", verbose_name=_("target groups"), related_name="life_situations", blank=True
    )
    crisis = models.BooleanField(
        _("crisis help"),
        default=False,
        help_text=_("Its services are shown at the top of every page of the catalogue, for a family in crisis."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=["kinds", "target_groups"])

    objects = LifeSituationQuerySet.as_manager()

    class Meta:
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name

    @property
    def text(self) -> str:
        """The description in the active language."""
        return self.description_en if get_language() == "en" and self.description_en else self.description
