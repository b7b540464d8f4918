"""The API's exception handler: every error answers in JSON, in the client's language."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request is too large.")
    default_code = "too_large"


def exception_handler(exc, context):
    """DRF's handler, but a 404 never names the model (nor is it English), a too-large body is a JSON 413, and too
    many query parameters (Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS) a JSON 400 rather than Django's
    HTML one."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ParseError(
            _("Too many query parameters: at most %(limit)s.") % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
        )
    return drf_exception_handler(exc, context)


@csrf_exempt  # it changes nothing; a POST to a mistyped URL is a 404, not a CSRF failure
def unknown_url(request, *args, **kwargs):
    """Any URL under /api/ that names no endpoint: a JSON 404 like any other API error (also with DEBUG on)."""
    return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=status.HTTP_404_NOT_FOUND)
