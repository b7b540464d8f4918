"""The network map's optional "partner survey" layer (issue 21): the latest survey round of the territory the user
may see, drawn over the cooperation graph. Its owner gets the directed answers (an edge per rating of an organisation
the respondent works with: width by mean trust, colour by mean value, dashed where not reciprocal); anyone else only
the organisations' suppressed scores (node colour by trust, size by value; nothing below 3 respondents).

Fetched only when the layer is switched on (NetworkSurveyDataView), so the map costs nothing more without it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from surveys.results import directed_ratings, results, round_results
from surveys.selectors import is_owner, latest_round, round_rows

# Colours of a mean on the 1–4 scale, low to high (a diverging scale readable by most colour-blind viewers); the
# lower bound of each band.
BANDS = [(1.0, "#b2182b"), (1.75, "#ef8a62"), (2.5, "#67a9cf"), (3.25, "#2166ac")]
NO_SCORE = "#a0a0a0"


def band_colour(mean: float | None) -> str:
    if mean is None:
        return NO_SCORE
    colour = BANDS[0][1]
    for lower, band in BANDS:
        if mean >= lower:
            colour = band
    return colour


def trust_width(trust: float | None) -> float:
    """1 px for no trust answer, 1–7 px from "not at all" to "a great deal"."""
    return 1.0 if trust is None else round(1 + (trust - 1) * 2, 2)


def survey_layer(user, *, district, region) -> dict:
    """The layer's data for the territory (an ORP's round, or the kraj's when no ORP is chosen)."""
    round_ = latest_round(user=user, district=district, region=None if district else region)
    if round_ is None:
        return {"round": None, "message": _("No partner survey round of this territory.")}
    owner = is_owner(user, round_)
    full = results(*round_rows(round_))
    view = round_results(full, owner=owner)
    edges = [
        {
            "from": source,
            "to": target,
            "frequency": rating.frequency,
            "trust": rating.trust,
            "value": rating.value,
            "reciprocal": pair.reciprocal,
            "width": trust_width(rating.trust),
            "colour": band_colour(rating.value),
        }
        for source, target, rating, pair in (directed_ratings(full.pairs) if owner else ())
    ]
    nodes = [
        {
            "id": pk,
            "trust": score.trust,
            "value": score.value,
            "raters": score.raters,
            "colour": band_colour(score.trust),
            "size": 1 + (score.value or 0),
        }
        for pk, score in sorted(view.organizations.items())
        if score is not None
    ]
    legend = [{"colour": colour, "label": f"≥ {lower:g}"} for lower, colour in BANDS]
    return {
        "round": {"id": round_.pk, "title": round_.title, "url": reverse("survey-round", args=[round_.pk])},
        "owner": owner,
        "edges": edges,
        "nodes": nodes,
        "legend": legend,
        "submitted": view.submitted,
        "participants": view.participants,
        "explanation": _(
            "Your round: an arrow per organisation's answer about another. Width: trust; colour: value; dashed: "
            "not reciprocal."
        )
        if owner
        else _(
            "Colour: the trust an organisation receives; size: its value. Only organisations rated by at least 3 "
            "respondents are shown."
        ),
    }
