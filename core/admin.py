"""Admin of the kit's own records: background jobs."""

from django.contrib import admin

from core.admin_base import ReadOnlyAdmin
from core.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Background jobs (registry imports, report files): who started what and how it went; each has its page."""

    list_display = ("title", "kind", "user", "state", "done", "total", "created_at", "finished_at")
    list_filter = ("kind", "state")
    search_fields = ("title", "user__username")
    exclude = ("output",)
    view_on_site = True
