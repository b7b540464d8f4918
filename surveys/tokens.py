"""The respondent's personal link: a signed (salted) token of the participant's id and nonce; no account needed. It is
valid while its round is open and before its deadline (surveys.services.link_state), and until a new nonce replaces it."""

from django.core import signing

from surveys.models import SurveyParticipant

SALT = "surveys.respondent-link"


def participant_token(participant: SurveyParticipant) -> str:
    """The same link every time (the invitation's and the reminders'): no timestamp; it expires with its round."""
    return signing.Signer(salt=SALT).sign_object({"p": participant.pk, "n": participant.nonce}, compress=True)


def participant_from_token(token: str) -> SurveyParticipant | None:
    """The participant a token names, or None for a tampered token or one whose nonce was replaced."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("n"), str):
        return None
    return (
        SurveyParticipant.objects.select_related("round", "organization", "contact")
        .filter(pk=data["p"], nonce=data["n"])
        .first()
    )
