"""Django's admin with Síťař's own default site (a module of its own: an apps module offers one AppConfig)."""

from django.contrib.admin.apps import AdminConfig


class SitarAdminConfig(AdminConfig):
    """The admin app, with permissions.admin_site.SitarAdminSite (superusers only) as the default site."""

    default_site = "permissions.admin_site.SitarAdminSite"
