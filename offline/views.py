"""The web app manifest, the service worker's script and the offline shell page (issue 20)."""

import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from offline.precache import ICONS, WORKER_LIBRARY, worker_settings

# The top bar's colour and the page background of core/static/sitar/sitar.css (--accent, --bg).
THEME_COLOR = "#1f5f8b"
BACKGROUND_COLOR = "#f6f7f9"


class ManifestView(View):
    """The web app manifest, which makes Síťař installable on a tablet: public, in the request's language."""

    def get(self, request):
        manifest = {
            "id": "/",
            "name": "Síťař",
            "short_name": "Síťař",
            "description": _("Networking the services around endangered children and their families"),
            "lang": translation.get_language(),
            "dir": "ltr",
            "start_url": "/?source=app",
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME_COLOR,
            "background_color": BACKGROUND_COLOR,
            "icons": [
                {"src": static(ICONS["192"]), "sizes": "192x192", "type": "image/png", "purpose": "any"},
                {"src": static(ICONS["512"]), "sizes": "512x512", "type": "image/png", "purpose": "any"},
                {"src": static(ICONS["maskable"]), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            ],
        }
        return HttpResponse(json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json")


class ServiceWorkerView(View):
    """The service worker's script at the root, so that its scope is the whole site: the files to keep offline and the
    shell's address, then the worker's library (offline/src/sw.js). Holds no data: anyone may fetch it."""

    def get(self, request):
        precache, library_revision = worker_settings()
        response = render(
            request,
            "offline/sw.js",
            {
                "precache": json.dumps(precache),
                "shell_url": json.dumps(reverse("offline-shell")),
                "library_url": json.dumps(static(WORKER_LIBRARY)),
                "library_revision": library_revision,
            },
            content_type="application/javascript; charset=utf-8",
        )
        # The browser checks for a new worker on every navigation; no-cache makes that check reach the server.
        response["Cache-Control"] = "no-cache"
        response["Service-Worker-Allowed"] = "/"
        return response


class ShellView(LoginRequiredMixin, TemplateView):
    """The page the worker answers every navigation with when there is no network: the base layout with the element the
    offline application renders the user's territory into. Shows no records itself."""

    template_name = "offline/shell.html"
