"""The families' public catalogue at /katalog/: where to find help near me, without signing in.

Every page is the same for everybody who asks for the same address (the language is in the address, ``?lang=en``): it
reads no user and no session, sets no cookie, carries no CSRF token, may be kept by any cache for a minute and is
then revalidated by its ETag (the catalogue's state). Requests are throttled per address. Searching works by
submitting the form; htmx only suggests obce as the user types.
"""

from urllib.parse import urlencode

from csp.decorators import csp_replace
from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_exempt

from catalogue import caching, crisis, places
from catalogue.hsds import Catalogue, areas, services_query
from catalogue.public import Tables, catalogue_state, search, tables
from core.opendata import throttled
from territory.models import District

PER_PAGE = 20
LANGUAGES = ("cs", "en")


class SearchForm(forms.Form):
    """What a family searches by; every field may stay empty."""

    misto = forms.CharField(
        label=_("Town or village (obec) or ORP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "search"}),
    )
    obec = forms.CharField(required=False, max_length=6, widget=forms.HiddenInput)
    orp = forms.CharField(required=False, max_length=4, widget=forms.HiddenInput)
    situace = forms.ChoiceField(label=_("What do you need help with?"), required=False)
    druh = forms.ChoiceField(label=_("Kind of service"), required=False)
    q = forms.CharField(label=_("Words in the name"), required=False, max_length=100)
    strana = forms.CharField(required=False, max_length=6, widget=forms.HiddenInput)  # the paginator reads any value

    def __init__(self, data, tables: Tables):
        super().__init__(data)
        situations, kinds = tables.situations, tables.kinds
        self.situations = {situation.code: situation for situation in situations}
        self.fields["situace"].choices = [("", _("anything"))] + [(s.code, str(s)) for s in situations]
        self.kinds = {kind.code: kind for kind in kinds}
        self.fields["druh"].choices = [("", _("any"))] + [(kind.code, str(kind)) for kind in kinds]
        self.place: places.Place | None = None
        self.candidates: list[places.Place] = []

    def clean(self):
        data = super().clean()
        if data.get("obec"):
            self.place = places.by_obec(data["obec"])
            if self.place is None:
                self.add_error("misto", _("No such obec: choose one from the list."))
        elif data.get("orp"):
            self.place = places.by_orp(data["orp"])
            if self.place is None:
                self.add_error("misto", _("No such ORP: choose one from the list."))
        elif data.get("misto"):
            found = places.find(data["misto"])
            exact = [place for place in found if place.key == places.normalize(data["misto"])]
            chosen = exact or found
            if not found:
                self.add_error("misto", _("No obec or ORP of this name. Check the spelling, or try the ORP's town."))
            elif len({place.orp_code for place in chosen}) == 1:
                self.place = chosen[0]  # the obec before the ORP of the same name: both lead to the same services
            else:
                self.candidates = chosen
        return data

    def district(self) -> District | None:
        if self.place is None:
            return None
        return District.objects.select_related("region").get(code=self.place.orp_code)


def service_url(pk: int) -> str:
    """A service's page in the language of the page that links it."""
    url = reverse("katalog-service", args=[pk])
    language = translation.get_language()
    return f"{url}?lang={language}" if language != settings.LANGUAGE_CODE else url


class PublicPage(View):
    """A page of the public catalogue: GET only, the language from the address, conditional on the catalogue."""

    http_method_names = ["get", "head"]
    template_name = ""

    def dispatch(self, request, *args, **kwargs):
        wait = throttled(request)
        if wait is not None:
            response = HttpResponse(_("Too many requests: try again in a minute."), status=429)
            response["Retry-After"] = str(wait)
            return response
        language = request.GET.get("lang")
        language = language if language in LANGUAGES else settings.LANGUAGE_CODE
        with translation.override(language):
            state = catalogue_state()
            self.tables = tables(state)
            etag = quote_etag(f"katalog-{language}-{state.etag}")
            response = get_conditional_response(request, etag=etag) or caching.kept(etag, request)
            if response is None:
                response = super().dispatch(request, *args, **kwargs)
                caching.keep(etag, request, response)
            if response.status_code in (200, 304):
                response["ETag"] = etag
                patch_cache_control(response, public=True, max_age=settings.CATALOGUE_MAX_AGE)
            response["Content-Language"] = language
            patch_vary_headers(response, ["HX-Request"])
            return response

    def page(self, request, context: dict, status: int = 200) -> HttpResponse:
        language = translation.get_language()
        other = "en" if language == "cs" else "cs"
        query = request.GET.copy()
        query["lang"] = other
        context.update(
            language=language,
            lang_query=f"lang={language}" if language != settings.LANGUAGE_CODE else "",
            other_language=other,
            other_language_url=f"{request.path}?{query.urlencode()}",
            lines=crisis.LINES,
            tiles_url=settings.MAP_TILES_URL,
            tiles_attribution=settings.MAP_TILES_ATTRIBUTION,
        )
        return render(request, self.template_name, context, status=status)


class SearchView(PublicPage):
    template_name = "catalogue/search.html"

    def get(self, request):
        situations = self.tables.situations
        form = SearchForm(request.GET, self.tables)
        searched = bool(request.GET.keys() - {"lang"})  # the first visit shows the form, not the whole country
        context = {"form": form, "situations": situations}
        if searched and form.is_valid() and not form.candidates:
            data = form.cleaned_data
            district = form.district()
            services = search(
                district=district,
                situation=form.situations.get(data["situace"]),
                kind=form.kinds.get(data["druh"]),
                text=data["q"],
            )
            page = Paginator(services, PER_PAGE).get_page(data.get("strana") or 1)
            chosen = {key: value for key, value in request.GET.items() if key != "strana" and value}
            if form.place is not None:
                chosen.pop("misto", None)
                chosen.update([form.place.param])
            context.update(
                # Results narrowed by what the family needs come first, the form folded under them; after a place
                # alone the form stays on top, for the need to be chosen next.
                narrowed=bool(data["situace"] or data["druh"] or data["q"]),
                page=page,
                district=district,
                place=form.place,
                crisis_services=crisis.crisis_services(district, self.tables),
                situation=form.situations.get(data["situace"]),
                paging_query=urlencode(chosen),
                points=[
                    [
                        service_url(service.pk),
                        service.name,
                        float(service.organization.latitude),
                        float(service.organization.longitude),
                    ]
                    for service in page.object_list
                    if service.organization.municipality_id and service.organization.latitude is not None
                ],
            )
        return self.page(request, context)


class ServiceView(PublicPage):
    template_name = "catalogue/service.html"

    def get(self, request, pk: int):
        service = services_query().filter(pk=pk).first()
        if service is None:  # never was, or no longer public: said without naming it, with help to go on
            self.template_name = "catalogue/missing.html"
            return self.page(request, {}, status=404)
        served = areas(service)
        catalogue = Catalogue(self.tables.situations)
        situations = catalogue.situations_of(service)
        return self.page(
            request,
            {
                "service": service,
                "organization": service.organization,
                "served": served,
                "situations": situations,
                "crisis_services": [
                    other for other in crisis.crisis_services(service.district, self.tables) if other.pk != service.pk
                ],
                "district": service.district,
            },
        )


class PlacesView(PublicPage):
    """The obce and ORP matching what is typed (htmx fragment under the field; a page of links without JavaScript)."""

    template_name = "catalogue/places.html"

    def get(self, request):
        text = request.GET.get("misto", "")[:100]
        kept = {key: value for key, value in request.GET.items() if key not in ("misto", "obec", "orp", "strana")}
        found = [(place, urlencode({**kept, place.param[0]: place.param[1]})) for place in places.find(text)]
        if request.headers.get("HX-Request"):
            self.template_name = "catalogue/places_fragment.html"
        return self.page(request, {"found": found, "text": text})


class EmbedView(PublicPage):
    """The search box other websites put in a frame: the same search, its results in a new window."""

    template_name = "catalogue/embed.html"

    @method_decorator(xframe_options_exempt)
    @method_decorator(csp_replace({"frame-ancestors": ["*"]}))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.page(
            request,
            {
                "situations": self.tables.situations,
                "catalogue_url": request.build_absolute_uri(reverse("katalog")),
                "place_value": request.GET.get("misto", "")[:100],
            },
        )


class EmbedHelpView(PublicPage):
    """How to put the search on another website: the frame's snippet, and a plain form for sites without frames."""

    template_name = "catalogue/embed_help.html"

    def get(self, request):
        catalogue_url = request.build_absolute_uri(reverse("katalog"))
        embed_url = request.build_absolute_uri(reverse("katalog-embed"))
        title = _("Where to find help for a family")
        iframe = (
            f'<iframe src="{embed_url}" title="{title}" width="100%" height="360" '
            'style="border:0;max-width:32rem" loading="lazy"></iframe>'
        )
        form = (
            f'<form action="{catalogue_url}" method="get" target="_blank">\n'
            f'  <label for="help-place">{_("Town or village (obec) or ORP")}</label>\n'
            '  <input type="text" id="help-place" name="misto">\n'
            f'  <button type="submit">{_("Search")}</button>\n'
            "</form>"
        )
        return self.page(
            request,
            {"iframe_snippet": iframe, "form_snippet": form, "embed_url": embed_url, "catalogue_url": catalogue_url},
        )
