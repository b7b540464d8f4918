"""Screens of coverage and gaps and of the ORP network analysis report (page, PDF, XLSX), and the two renderers that
turn the report's chapters into a PDF (reportlab) and a workbook (openpyxl)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.errors import OutOfScope, add_service_errors
from core.jobs import job_start
from core.models import Job, JobState
from core.views import PAGE_SIZE, ScopedViewMixin, history_of
from network.analysis.coverage import MAPPED_WITHIN, Territory, coverage_of, territory_for, visible_districts
from network.analysis.recommendations import (
    RecommendationForm,
    may_edit_recommendation,
    recommendation_update,
    recommendation_version,
)
from network.analysis.report import REPORT_TITLE, Report, report_of
from network.analysis.report_files import CONTENT_TYPES, report_file, report_filename
from network.models import NetworkRecommendation
from network.tasks import report_file_task
from organizations.models import Organization, OrganizationKind

HISTORY_ROWS = 10
# The lists of organisations on the coverage page (attributes of network.analysis.coverage.Coverage), each paged.
COVERAGE_LISTS = ("without_ospod", "isolates", "brokers")
# How long a report file the user had written is handed out again instead of being written anew.
REPORT_REUSE = datetime.timedelta(minutes=10)


class TerritoryViewMixin(ScopedViewMixin):
    """A page about a territory: every row it shows comes from restrict(user, "view") (network.analysis.coverage and
    network.analysis.graph), and a territory the user may not see is 404."""

    model = Organization

    def get_territory(self, *, district: str | None = None, region: str | None = None) -> Territory:
        """The ORP or kraj named (network.analysis.coverage.territory_for); 404 when the user may not see it."""
        try:
            return territory_for(self.request.user, district=district, region=region)
        except OutOfScope as exc:
            raise Http404 from exc


# ---------------------------------------------------------------------------------------------- coverage --


class CoverageView(TerritoryViewMixin, TemplateView):
    """Key services × districts of an ORP or a kraj against the open needs, and the organisations that stand apart."""

    template_name = "network/coverage.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        territory = self.get_territory(
            district=self.request.GET.get("district") or None, region=self.request.GET.get("region") or None
        )
        districts = list(visible_districts(user).order_by("region__name", "name"))
        regions = {d.region.code: d.region for d in districts}
        coverage = coverage_of(user, territory)
        return {
            **super().get_context_data(**kwargs),
            "coverage": coverage,
            "lists": {name: self.list_page(getattr(coverage, name), name) for name in COVERAGE_LISTS},
            "mapped_years": MAPPED_WITHIN.days // 365,
            "territory": territory,
            "districts": districts,
            "regions": sorted(regions.values(), key=lambda r: r.name),
        }

    def list_page(self, organizations, name: str) -> dict:
        """One page of a list of organisations (a kraj has thousands without an OSPOD link), its own ``<name>_page``
        in the query so that each list pages on its own and the others stay where they were."""
        param = f"{name}_page"
        page = Paginator(organizations, PAGE_SIZE).get_page(self.request.GET.get(param))
        labels = dict(OrganizationKind.choices)
        for organization in page.object_list:
            # The label from one dict: get_kind_display() re-reads the lazy choices at every call.
            organization.kind_label = labels.get(organization.kind, organization.kind)
        query = self.request.GET.copy()
        query.pop(param, None)
        return {"page_obj": page, "count": page.paginator.count, "param": param, "query": query.urlencode()}


# ------------------------------------------------------------------------------------------------ report --


class ReportMixin(TerritoryViewMixin):
    def get_report(self, *, with_graph: bool = False) -> Report:
        territory = self.get_territory(district=self.kwargs["code"])
        return report_of(self.request.user, territory, with_graph=with_graph)


class ReportView(ReportMixin, TemplateView):
    """The printable report of an ORP; a networker of the ORP writes its recommendations here."""

    template_name = "network/report.html"

    def get(self, request, *args, **kwargs):
        report = self.get_report()
        form = None
        if may_edit_recommendation(request.user, report.district):
            form = RecommendationForm(
                initial={
                    "text": report.recommendation.text if report.recommendation else "",
                    "based_on": recommendation_version(report.recommendation),
                }
            )
        return self.render_to_response(self.get_context_data(report=report, form=form))

    def post(self, request, *args, **kwargs):
        territory = self.get_territory(district=self.kwargs["code"])
        if not may_edit_recommendation(request.user, territory.district):
            raise Http404
        form = RecommendationForm(request.POST)
        if form.is_valid():
            try:
                recommendation_update(
                    actor=request.user,
                    district=territory.district,
                    text=form.cleaned_data["text"],
                    based_on=form.cleaned_data["based_on"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except OutOfScope as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("The recommendations have been saved."))
                return HttpResponseRedirect(reverse("network-report", args=[territory.district.code]) + "#chapter-5")
        report = report_of(request.user, territory)
        return self.render_to_response(self.get_context_data(report=report, form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = context["report"]
        context["title"] = REPORT_TITLE
        if report.recommendation is not None:
            context["history"] = history_of(report.recommendation, size=HISTORY_ROWS)
        return context


class ReportFileView(ReportMixin, View):
    """The report as an A4 PDF (a chapter per page or more) or a workbook (a sheet per chapter)."""

    def get(self, request, *args, code: str, fmt: str):
        report = self.get_report(with_graph=fmt == "pdf")
        response = HttpResponse(report_file(report, fmt), content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{report_filename(report, fmt)}"'
        return response


class ReportJobView(ReportMixin, View):
    """Write the report file on the worker (POST) and follow it on the job's page."""

    http_method_names = ["post"]

    def post(self, request, *args, code: str, fmt: str):
        if fmt not in CONTENT_TYPES:
            raise Http404
        territory = self.get_territory(district=code)
        job = self.ready_file(territory.district, fmt) or job_start(
            user=request.user,
            kind="report",
            task=report_file_task,
            params={"district": code, "format": fmt},
            title=_("Network analysis of ORP %(name)s (%(format)s)")
            % {"name": territory.district.name, "format": fmt.upper()},
        )
        # A file that is ready (written before, or at once by a worker in the same process) downloads at once; one
        # still being written is followed on the job's page.
        job.refresh_from_db(fields=["state"])
        if job.state == JobState.DONE:
            return HttpResponseRedirect(reverse("job-download", args=[job.pk]))
        return HttpResponseRedirect(reverse("job", args=[job.pk]))

    def ready_file(self, district, fmt: str) -> Job | None:
        """The same file the user had written a moment ago, in the same language, if the recommendations (what the
        report's readers change from its own page) have not changed since: asking twice downloads at once."""
        since = timezone.now() - REPORT_REUSE
        changed = NetworkRecommendation.objects.filter(district=district).values_list("updated_at", flat=True).first()
        jobs = Job.objects.restrict(self.request.user, "view").filter(
            kind="report",
            state=JobState.DONE,
            finished_at__gte=max(since, changed) if changed else since,
            params__district=district.code,
            params__format=fmt,
            params__language=translation.get_language(),
        )
        return jobs.order_by("-finished_at").only("pk", "state").first()
