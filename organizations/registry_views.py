"""The administrators' page that imports the MPSV registry file on the worker and follows it on the job's page."""

import datetime
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from core.jobs import job_in_progress, job_start
from core.models import Job
from core.views import ScopedViewMixin
from organizations.tasks import import_rpss_task

# A registry import still queued or running after this long has died with its worker and no longer blocks another.
RUNNING_AT_MOST = datetime.timedelta(hours=2)


class RegistryImportForm(forms.Form):
    data = forms.FileField(
        label=gettext_lazy("Registry file (JSON)"),
        help_text=gettext_lazy("The open data of the registry of social-service providers (MPSV), as downloaded."),
    )

    def clean_data(self):
        upload = self.cleaned_data["data"]
        limit = settings.SITAR_REGISTRY_UPLOAD_MAX
        if upload.size > limit:
            raise forms.ValidationError(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)})
        head = upload.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n")
        upload.seek(0)
        if not head.startswith(b"{"):
            raise forms.ValidationError(_("This is not a JSON document of the registry."))
        return upload


class RegistryImportView(ScopedViewMixin, FormView):
    """Superusers only (404 for anyone else): the registry touches every kraj."""

    model = Job
    form_class = RegistryImportForm
    template_name = "organizations/registry_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_superuser:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        # One registry import at a time: a second one would race the first for the same providers.
        running = job_in_progress("rpss_import", started_within=RUNNING_AT_MOST)
        if running is not None:
            form.add_error(
                "data",
                _("An import of the registry started by %(user)s at %(when)s is still running; wait until it ends.")
                % {
                    "user": running.user.get_username(),
                    "when": date_format(timezone.localtime(running.created_at), "SHORT_DATETIME_FORMAT"),
                },
            )
            return self.form_invalid(form)
        directory = Path(settings.SITAR_UPLOAD_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"rpss-{uuid.uuid4()}.json"
        with open(path, "wb") as target:
            for chunk in form.cleaned_data["data"].chunks():
                target.write(chunk)
        job = job_start(
            user=self.request.user,
            kind="rpss_import",
            task=import_rpss_task,
            title=_("Import of the MPSV registry"),
            params={"path": str(path)},
        )
        return HttpResponseRedirect(reverse("job", args=[job.pk]))
