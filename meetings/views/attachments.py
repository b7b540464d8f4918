"""Documents of a meeting (minutes, attendance sheets, memoranda): upload, download and removal on the meeting page.

Kept apart from meetings.views: the files are reached only here, each through the meetings the user may see (download)
or change (upload, removal); another scope's meeting or document is 404, and no file has a URL of its own.
"""

from functools import cached_property

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from core.views import ScopedViewMixin, ServiceFormMixin, private_download
from meetings.forms import AttachmentForm
from meetings.models import Meeting, MeetingAttachment
from meetings.services import attachment_add, attachment_delete


def meeting_url(meeting_id: int) -> str:
    return reverse("meeting-detail", args=[meeting_id]) + "#attachments"


class AttachmentUploadView(ScopedViewMixin, ServiceFormMixin, FormView):
    """Attach a document to a meeting the user may change; a refused file comes back with the reason by its field."""

    model = Meeting
    action = "change"
    form_class = AttachmentForm
    template_name = "meetings/attachment_form.html"
    success_message = _("The document %(object)s has been attached.")

    @cached_property
    def meeting(self) -> Meeting:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.meeting  # noqa: B018 -- 404 before the form for a meeting out of reach
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, back_url=meeting_url(self.meeting.pk), **kwargs)

    def save(self, form):
        return attachment_add(
            actor=self.request.user,
            meeting=self.meeting,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
        )

    def get_success_url(self):
        return meeting_url(self.meeting.pk)


class AttachmentDownloadView(ScopedViewMixin, View):
    """The document itself, for whoever may see its meeting; always as a download, under the name it was uploaded with."""

    model = MeetingAttachment

    def get(self, request, pk, attachment_pk):
        attachment = self.get_scoped_object(pk=attachment_pk, meeting_id=pk)
        return private_download(attachment.file, filename=attachment.filename, content_type=attachment.content_type)


class AttachmentDeleteView(ScopedViewMixin, View):
    """Remove a document from a meeting the user may change (a POST from the meeting page)."""

    model = MeetingAttachment
    action = "change"

    def post(self, request, pk, attachment_pk):
        attachment = get_object_or_404(self.get_queryset().select_related("meeting"), pk=attachment_pk, meeting_id=pk)
        attachment_delete(actor=request.user, attachment=attachment)
        messages.success(request, _("The document %(object)s has been removed.") % {"object": attachment.filename})
        return HttpResponseRedirect(meeting_url(pk))
