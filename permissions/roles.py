"""The roles of Síťař and the kind of scope each is assigned to (no model imports: the scoping layer reads it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SITAR = "sitar", _("local networker")
    PORADCE = "poradce", _("regional advisor")
    OSPOD = "ospod", _("OSPOD worker")
    VEDOUCI_OSPOD = "vedouci_ospod", _("OSPOD head")
    VEDOUCI = "vedouci", _("regional lead")
    NARODNI = "narodni", _("national methodologist")


# Which scope each role is assigned to: exactly that one of region / district / organization is set.
ROLE_SCOPE = {
    Role.SITAR: "district",
    Role.PORADCE: "region",
    Role.OSPOD: "organization",
    Role.VEDOUCI_OSPOD: "organization",
    Role.VEDOUCI: "region",
    Role.NARODNI: None,
}
