"""What the meetings screens share: the filters kept only from a link, which follow-ups a user may mark done, and
where to go back to after a POST."""

from django.utils.http import url_has_allowed_host_and_scheme

from meetings.models import FollowUp

# Filters by one related record (a meeting, an organisation, a case) would be a select of every such record in the
# kraj: they are not offered in the filter form, only kept when a link brings them (?meeting=12).
LINKED_FILTERS = ("meeting", "raised_in", "organization", "case")


def changeable_ids(user, rows) -> set[int]:
    """Which of these follow-ups the user may mark done (one query), so a row offers only what will work."""
    return set(
        FollowUp.objects.restrict(user, "change").filter(pk__in=[row.pk for row in rows]).values_list("pk", flat=True)
    )


def safe_next(request, default: str) -> str:
    """Where to go back to after a POST: the page it came from when that is one of ours, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
