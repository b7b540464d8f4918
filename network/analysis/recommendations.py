"""The one write of the ORP network analysis report: its recommendations, who may write them, and the form they are
written in (network.analysis.report shows them as its last chapter)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from core.errors import STALE_MESSAGE, OutOfScope
from core.services import save_validated
from network.models import NetworkRecommendation
from permissions.scoping import may
from permissions.selectors import districts_where
from territory.models import District


def may_edit_recommendation(user, district: District) -> bool:
    """Whom the rules table (permissions.rules, "networkrecommendation") lets write in the ORP: its síťař, the
    advisers and the regional lead of its kraj."""
    return (
        may(user, "networkrecommendation", "change")
        and districts_where(user, "networkrecommendation", "change").filter(pk=district.pk).exists()
    )


@transaction.atomic
def recommendation_update(
    *, actor, district: District, text: str, based_on: int | None = None
) -> NetworkRecommendation:
    """Write the recommendations of an ORP (one history row per change); refuse a change based on an older text."""
    if not may_edit_recommendation(actor, district):
        raise OutOfScope(f"recommendation of {district.code}: change not allowed")
    recommendation = NetworkRecommendation.objects.select_for_update().filter(district=district).first()
    if based_on is not None and based_on != recommendation_version(recommendation):
        raise ValidationError(STALE_MESSAGE)
    if recommendation is None:
        recommendation = NetworkRecommendation(district=district)
    recommendation.text = text
    recommendation.updated_by = actor
    return save_validated(recommendation, actor=actor, reason="created" if recommendation._state.adding else "")


def recommendation_version(recommendation: NetworkRecommendation | None) -> int:
    """The version of the stored text an edit starts from (its change time in microseconds); 0 before the first, so
    that two people writing the first text at once do not overwrite each other either."""
    if recommendation is None or recommendation.pk is None:
        return 0
    return int(recommendation.updated_at.timestamp() * 1_000_000)


class RecommendationForm(forms.Form):
    """The recommendations of an ORP, with the version of the text the edit started from."""

    text = forms.CharField(
        label=gettext_lazy("Recommendations"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20000,
        required=False,
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
