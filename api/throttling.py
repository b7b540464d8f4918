"""Throttles of the API: sign-ins by address, writes by user (429 with Retry-After when over the rate).

Rates come from the settings each time, so a deployment (or a test) can change them without a restart of the class.
"""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class SettingsRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(SettingsRateMixin, AnonRateThrottle):
    """Attempts to get a token, by client address: guessing passwords stays slow."""

    scope = "auth"


class WriteRateThrottle(SettingsRateMixin, UserRateThrottle):
    """Writes by user (or address): a runaway client cannot flood the database; reads are not throttled."""

    scope = "writes"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
