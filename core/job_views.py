"""The page of a background job: its progress bar (polled while it runs), then its result or its file."""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.views import View
from django.views.generic import DetailView
from django_htmx.http import HttpResponseClientRedirect

from core.models import Job, JobState
from core.views import ScopedViewMixin

POLL_SECONDS = 1


class JobView(ScopedViewMixin, DetailView):
    """A job of the user's own (anyone else's is 404). htmx asks for the progress part only, every second."""

    model = Job
    context_object_name = "job"

    def get_object(self, queryset=None):
        return self.get_scoped_object(pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        """A finished job whose work continues on another page (its result names it) goes there."""
        self.object = self.get_object()
        following = (self.object.result or {}).get("redirect") if self.object.state == JobState.DONE else None
        if following:
            return HttpResponseClientRedirect(following) if request.htmx else HttpResponseRedirect(following)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_template_names(self):
        return ["core/_job_progress.html" if self.request.htmx else "core/job.html"]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "poll_seconds": POLL_SECONDS,
            "result_template": f"network/jobs/{self.object.kind}.html",
        }


class JobDownloadView(ScopedViewMixin, View):
    """The file a finished job wrote."""

    model = Job

    def get(self, request, pk):
        job = self.get_scoped_object(pk=pk, state=JobState.DONE)
        if job.output is None:
            raise Http404
        response = HttpResponse(bytes(job.output), content_type=job.output_type or "application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{job.output_name}"'
        return response
