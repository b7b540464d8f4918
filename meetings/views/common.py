"""What the meetings screens share: the filters kept only from a link, and which follow-ups a user may mark done."""

from meetings.models import FollowUp

# Filters by one related record (a meeting, an organisation, a case) would be a select of every such record in the
# kraj: they are not offered in the filter form, only kept when a link brings them (?meeting=12).
LINKED_FILTERS = ("meeting", "raised_in", "organization", "case")


def changeable_ids(user, rows) -> set[int]:
    """Which of these follow-ups the user may mark done (one query), so a row offers only what will work."""
    return set(
        FollowUp.objects.restrict(user, "change").filter(pk__in=[row.pk for row in rows]).values_list("pk", flat=True)
    )
