"""The language of a request: Czech unless the user chose English."""
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class CzechFirstLocaleMiddleware(LocaleMiddleware):
    """The UI speaks Czech whatever the browser asks for, until the user picks English with the language switch.

    Field tablets often have an English system language; only the API, whose clients state the language they want,
    follows Accept-Language.
    """

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
