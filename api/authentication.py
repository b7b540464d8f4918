"""Token authentication of the API: django-rest-knox tokens (stored as a digest, with an expiry), `Token …` header."""
from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.signals import token_expired


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's authentication in one query per request: it would also read all the user's other tokens on every request
    to delete the expired ones; here that sweep happens when the user asks for a new token (api.auth.TokenView)."""

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False
