"""Abstract bases shared by the domain models of every app."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from permissions.scoping import ScopedQuerySet


class TimestampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ScopedModel(TimestampedModel):
    """A record placed in the territory: its region and district decide who may see it.

    Both keys are set by the services from the record's owner (the organisation's address, the meeting's district, …),
    never typed by hand, so that scoping is one indexed filter on literal ids. ``objects.restrict(user, action)`` is the
    only way to the rows a user may see or change.
    """

    region = models.ForeignKey(
        "network.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="%(class)ss", editable=False
    )
    district = models.ForeignKey(
        "network.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        editable=False,
    )

    objects = ScopedQuerySet.as_manager()
    # The field a scope error is reported on (what the user chose that put the record out of their reach).
    scope_field = "district"

    class Meta:
        abstract = True


class SyncedModel(models.Model):
    """A record a tablet may create offline: the client may choose its UUID, and every change bumps the version."""

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
