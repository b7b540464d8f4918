"""The bulk-import screens: upload and check a file (the dry run), see its report, import it, download empty templates.

Only users who may add organisations somewhere get these screens (404 for the others, as for any screen out of their
reach); an uploaded batch is its uploader's alone (ImportBatch.objects.restrict), so anyone else's answers 404.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView

from core.exports import FORMATS
from core.jobs import job_start
from core.views import ScopedViewMixin
from organizations.batches import import_batch_create
from organizations.bulk import COLUMNS, MAX_BYTES, MAX_ROWS, BulkReport, template_bytes
from organizations.models import ENTITY_CHOICES, ImportBatch, ImportBatchStatus
from organizations.tasks import bulk_check_task, bulk_import_task
from permissions.views import AddViewMixin

ENTITY_LABELS = dict(ENTITY_CHOICES)
# The changes the report page lists row by row (the counts cover every row).
SHOWN_ROWS = 1000


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
    template_name = "organizations/import.html"

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
            task=bulk_check_task,
            params={"batch": batch.pk},
            title=_("Check of the file %(name)s") % {"name": batch.filename},
        )
        return HttpResponseRedirect(reverse("job", args=[job.pk]))


class ImportBatchView(ImportMixin, DetailView):
    """The report of a batch: after the check, what the import would do (and the button to do it); after the
    import, what it did, with links to the records."""

    template_name = "organizations/import_batch.html"
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
            task=bulk_import_task,
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
