"""The import screens (mounted at /organizations/ by config/urls.py).

The bulk import: upload and check a file (the dry run), see its report, import it, download empty templates. Only
users who may add organisations somewhere get these screens (404 for the others, as for any screen out of their
reach); an uploaded batch is its uploader's alone (ImportBatch.objects.restrict), so anyone else's answers 404.

The registry import: the administrators' page that imports the MPSV registry file on the worker and follows it on the
job's page.
"""

import datetime
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView

from core.exports import FORMATS
from core.jobs import job_in_progress, job_start
from core.models import Job
from core.views import ScopedViewMixin
from imports.batches import import_batch_create
from imports.bulk import COLUMNS, MAX_BYTES, MAX_ROWS, BulkReport, template_bytes
from imports.tasks import bulk_check_batch_task, bulk_import_batch_task, rpss_import_task
from organizations.models import ENTITY_CHOICES, ImportBatch, ImportBatchStatus
from permissions.views import AddViewMixin

ENTITY_LABELS = dict(ENTITY_CHOICES)
# The changes the report page lists row by row (the counts cover every row).
SHOWN_ROWS = 1000
# A registry import still queued or running after this long has died with its worker and no longer blocks another.
RUNNING_AT_MOST = datetime.timedelta(hours=2)


class BulkImportForm(forms.Form):
    """Which records the file holds, and the file."""

    entity = forms.ChoiceField(label=_("Records in the file"), choices=ENTITY_CHOICES)
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, per request, so that it is in the user's language.
        self.fields["file"].help_text = _(
            "The first row holds the column headers, as in the template. At most %(size)s MB and %(rows)s rows."
        ) % {"size": MAX_BYTES // (1024 * 1024), "rows": MAX_ROWS}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; split it into smaller files.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class ImportMixin(AddViewMixin, ScopedViewMixin):
    """A bulk-import screen: for users who may add organisations; the batches are the user's own."""

    adds = "organization"
    model = ImportBatch


class BulkImportView(ImportMixin, FormView):
    """Step 1: upload a file and check it; the check (a dry run) is kept as a batch the user then imports."""

    form_class = BulkImportForm
    template_name = "imports/import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            templates=ENTITY_CHOICES, batches=self.get_queryset().defer("content")[:10], **kwargs
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        batch = import_batch_create(
            actor=self.request.user, entity=form.cleaned_data["entity"], filename=upload.name, content=upload.read()
        )
        job = job_start(
            user=self.request.user,
            kind="bulk_check",
            task=bulk_check_batch_task,
            params={"batch": batch.pk},
            title=_("Check of the file %(name)s") % {"name": batch.filename},
        )
        return HttpResponseRedirect(reverse("job", args=[job.pk]))


class ImportBatchView(ImportMixin, DetailView):
    """The report of a batch: after the check, what the import would do (and the button to do it); after the
    import, what it did, with links to the records."""

    template_name = "imports/import_batch.html"
    context_object_name = "batch"

    def get_queryset(self):
        return super().get_queryset().defer("content")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.object
        if batch.status == ImportBatchStatus.UPLOADED:  # its check has not run yet (a background job runs it)
            return context
        report = BulkReport.from_dict(batch.report)
        changes = [row for row in report.rows if row.outcome in ("created", "updated")]
        context.update(
            report=report,
            counts=report.counts,
            errors=[(row, column, message) for row in report.invalid_rows for column, message in row.errors],
            changes=changes[:SHOWN_ROWS],
            more_changes=max(0, len(changes) - SHOWN_ROWS),
            imported=batch.status == ImportBatchStatus.IMPORTED,
            entity_label=ENTITY_LABELS.get(batch.entity, batch.entity),
        )
        return context


class ImportBatchConfirmView(ImportMixin, View):
    """Step 2 (POST only): import the checked file for real, all or nothing; a batch is imported once."""

    def post(self, request, pk):
        batch = self.get_scoped_object(pk=pk)
        url = reverse("organization-import-batch", args=[batch.pk])
        if batch.status == ImportBatchStatus.IMPORTED:
            messages.error(request, _("This file has been imported already."))
            return HttpResponseRedirect(url)
        if not batch.can_import:
            messages.error(request, _("This file has bad rows: correct them and upload it again."))
            return HttpResponseRedirect(url)
        # A second tap queues a second job, which finds the batch imported (the batch row is locked for the run).
        job = job_start(
            user=request.user,
            kind="bulk_import",
            task=bulk_import_batch_task,
            params={"batch": batch.pk},
            title=_("Import of the file %(name)s") % {"name": batch.filename},
        )
        return HttpResponseRedirect(reverse("job", args=[job.pk]))


class ImportTemplateView(ImportMixin, View):
    """An empty file of an entity's columns (the header row only), CSV or XLSX."""

    def get(self, request, entity: str, fmt: str):
        if entity not in COLUMNS or fmt not in FORMATS:
            raise Http404
        label = str(ENTITY_LABELS[entity])
        response = HttpResponse(template_bytes(entity, fmt, title=label), content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="import-{slugify(label)}.{fmt}"'
        return response


# ------------------------------------------------------------------------------------------- registry import --


class RegistryImportForm(forms.Form):
    data = forms.FileField(
        label=_("Registry file (JSON)"),
        help_text=_("The open data of the registry of social-service providers (MPSV), as downloaded."),
    )

    def clean_data(self):
        upload = self.cleaned_data["data"]
        limit = settings.SITAR_REGISTRY_UPLOAD_MAX
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        head = upload.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n")
        upload.seek(0)
        if not head.startswith(b"{"):
            raise forms.ValidationError(gettext("This is not a JSON document of the registry."))
        return upload


class RegistryImportView(ScopedViewMixin, FormView):
    """Superusers only (404 for anyone else): the registry touches every kraj."""

    model = Job
    form_class = RegistryImportForm
    template_name = "imports/registry_import.html"

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
                gettext(
                    "An import of the registry started by %(user)s at %(when)s is still running; wait until it ends."
                )
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
            task=rpss_import_task,
            title=gettext("Import of the MPSV registry"),
            params={"path": str(path)},
        )
        return HttpResponseRedirect(reverse("job", args=[job.pk]))
