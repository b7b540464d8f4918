"""The results on a fixed small set: pairs, reciprocity, agreement, the network's numbers, the organisations' scores,
suppression below 3 respondents and the comparison of two rounds."""

from surveys.results import MIN_RESPONDENTS, Answer, Respondent, aggregates, comparison, owner_view, results

TRUST = ("reliability", "mission_fit", "openness")
VALUE = ("resources", "expertise", "referrals")


def rate(who, about, frequency, trust=None, value=None) -> list[Answer]:
    rows = [Answer(who, about, "frequency", "frequency", frequency)]
    if frequency:
        rows += [Answer(who, about, "trust", code, trust) for code in TRUST if trust is not None]
        rows += [Answer(who, about, "value", code, value) for code in VALUE if value is not None]
    return rows


def small_set(*, submitted=(1, 2, 3)):
    """Organisations 1–4: 1, 2 and 3 submitted (by default), 4 refused; 1↔2 reciprocal, 1→3 one-sided."""
    respondents = [
        Respondent(11, 1, "submitted" if 1 in submitted else "started"),
        Respondent(12, 2, "submitted" if 2 in submitted else "started"),
        Respondent(13, 3, "submitted" if 3 in submitted else "started"),
        Respondent(14, 4, "refused"),
    ]
    answers = [
        *rate(1, 2, 4, trust=4, value=3),
        *rate(1, 3, 2, trust=2, value=2),
        *rate(1, 4, 0),
        *rate(2, 1, 3, trust=3, value=3),
        *rate(2, 3, 1, trust=4, value=4),
        *rate(2, 4, 1, trust=3, value=2),
        *rate(3, 1, 0),
        *rate(3, 2, 2, trust=2, value=1),
        *rate(3, 4, 0),
    ]
    return respondents, answers


def test_pairs_reciprocity_and_agreement():
    full = results(*small_set())
    pairs = {(p.a, p.b): p for p in full.pairs}
    one_two = pairs[(1, 2)]
    assert one_two.a_about_b.frequency == 4 and one_two.a_about_b.trust == 4 and one_two.b_about_a.trust == 3
    assert one_two.reciprocal is True
    assert one_two.trust_difference == 1 and one_two.value_difference == 0
    assert pairs[(1, 3)].reciprocal is False  # 1 works with 3, 3 says never
    assert pairs[(2, 3)].reciprocal is True
    assert pairs[(1, 4)].reciprocal is None  # 4 refused
    assert pairs[(2, 4)].b_about_a is None


def test_the_network_numbers():
    network = results(*small_set()).network
    assert (network.participants, network.submitted, network.refused) == (4, 3, 1)
    assert network.response_rate == 0.75
    # Of the 6 possible pairs, 1–2, 1–3, 2–3, 2–4 are reported working together.
    assert (network.possible_pairs, network.working_pairs) == (6, 4)
    assert network.density == 4 / 6
    # Reciprocity is known for 1–2, 1–3, 2–3 (both answered, one works with the other); 2 are reciprocal.
    assert (network.reciprocal_pairs, network.known_pairs) == (2, 3)
    # Trust of the working ratings: 4, 2, 3, 4, 3, 2 → 18 / 6; value: 3, 2, 3, 4, 2, 1 → 15 / 6.
    assert network.mean_trust == 3.0 and network.mean_value == 2.5


def test_the_organisations_scores():
    scores = results(*small_set()).organizations
    assert (scores[2].trust, scores[2].value, scores[2].raters) == (3.0, 2.0, 2)  # from 1 (4, 3) and 3 (2, 1)
    assert (scores[1].trust, scores[1].raters) == (3.0, 1)  # 3 does not work with 1: only 2's rating counts
    assert (scores[4].trust, scores[4].raters) == (3.0, 1)


def test_only_submitted_answers_count():
    full = results(*small_set(submitted=(1, 2)))
    assert full.network.submitted == 2
    assert full.organizations[2].raters == 1


def test_aggregates_are_suppressed_below_three_respondents():
    respondents, answers = small_set()
    respondents.append(Respondent(15, 5, "submitted"))
    answers += rate(5, 2, 3, trust=1, value=1) + rate(5, 1, 0)
    shown = aggregates(results(respondents, answers))
    assert shown.network is not None and shown.submitted == 4
    assert shown.organizations[2] is not None and shown.organizations[2].raters == MIN_RESPONDENTS
    assert shown.organizations[1] is None and shown.organizations[3] is None
    few = aggregates(results(*small_set(submitted=(1, 2))))
    assert few.network is None and (few.participants, few.submitted) == (4, 2)
    assert all(score is None for score in few.organizations.values())


def test_the_comparison_with_the_previous_round():
    before = owner_view(results(*small_set(submitted=(1, 2))))
    now = owner_view(results(*small_set()))
    compared = comparison(now, before)
    assert compared["network"]["response_rate"].delta == 0.25
    assert compared["organizations"][2]["trust"].before == 4.0 and compared["organizations"][2]["trust"].delta == -1.0
    suppressed = comparison(aggregates(results(*small_set())), aggregates(results(*small_set(submitted=(1, 2)))))
    assert suppressed["network"]["density"].before is None and suppressed["network"]["density"].delta is None
