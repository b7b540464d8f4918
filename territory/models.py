"""The territory every record is placed in: kraje, ORP and obce, keyed by their ČSÚ codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A kraj (NUTS 3), one of 14; its ČSÚ code (číselník 100) is the key clients use."""

    code = models.CharField(_("ČSÚ code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=3)
    nuts3 = models.CharField(_("NUTS 3 code"), max_length=5, unique=True)
    ruian_code = models.PositiveIntegerField(_("RÚIAN code"), unique=True)
    ico = models.CharField(_("IČO of the kraj"), max_length=8, blank=True)

    class Meta:
        db_table = "network_region"
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        # Granted per region (guardian) by role assignments; see permissions.services.
        permissions = [
            ("view_region_records", _("View the records of the region")),
            ("work_in_region", _("Add and change records anywhere in the region")),
            ("verify_in_region", _("Verify records of the region")),
            ("assign_roles_in_region", _("Assign roles within the region")),
            ("use_directory_in_region", _("Look up organisations and services of the region")),
        ]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """An ORP (obec s rozšířenou působností), or Praha as one ORP-like unit; 206 in all."""

    code = models.CharField(_("ČSÚ code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="districts")
    ruian_code = models.PositiveIntegerField(_("RÚIAN code"), unique=True)
    legacy_code_mzcr = models.CharField(_("MZČR/ArcČR code"), max_length=4, blank=True)
    seat_code = models.CharField(_("seat municipality code"), max_length=6)
    centroid_lat = models.DecimalField(_("centroid latitude"), max_digits=8, decimal_places=5)
    centroid_lon = models.DecimalField(_("centroid longitude"), max_digits=8, decimal_places=5)

    class Meta:
        db_table = "network_district"
        verbose_name = _("district (ORP)")
        verbose_name_plural = _("districts (ORP)")
        ordering = ["name"]
        permissions = [("work_in_district", _("Add and change records in the district"))]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """An obec, placed in its ORP: it attaches an address to a district."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="municipalities"
    )
    pou_code = models.CharField(_("POU code"), max_length=5)
    lau_code = models.CharField(_("okres LAU code"), max_length=6)

    class Meta:
        db_table = "network_municipality"
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return self.name
