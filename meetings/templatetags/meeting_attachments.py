"""The attachments section of the meeting page, as an inclusion tag: the page's view stays as it is."""

from django import template

from meetings.models import MeetingAttachment
from meetings.views.attachments import AttachmentForm

register = template.Library()


@register.inclusion_tag("meetings/_attachments.html", takes_context=True)
def meeting_attachments(context, meeting, can_change: bool):
    """The documents of a meeting the page already shows (so within the user's scope), read through the scope again."""
    user = context["request"].user
    attachments = MeetingAttachment.objects.restrict(user, "view").filter(meeting=meeting).select_related("uploaded_by")
    return {
        "meeting": meeting,
        "attachments": attachments,
        "can_change": can_change,
        "form": AttachmentForm() if can_change else None,
        "csrf_token": context.get("csrf_token"),
    }
