"""What the served application checks before it takes a request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_real_secret_key() -> None:
    """Without debug, refuse to serve on no DJANGO_SECRET_KEY, the public development key, or a key Django's own
    deployment check calls weak (security.W009: under 50 characters or under 5 distinct ones)."""
    if settings.DEBUG:
        return
    key = settings.SECRET_KEY
    if (
        key == settings.DEVELOPMENT_SECRET_KEY
        or key.startswith("django-insecure-")
        or len(key) < 50
        or len(set(key)) < 5
    ):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set (or is the public development key, or shorter than 50 characters) while "
            "DJANGO_DEBUG is off: set DJANGO_SECRET_KEY to a long random value, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`, or set DJANGO_DEBUG=1 on a laptop."
        )
