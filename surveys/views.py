"""Screens of partner surveys: the owner's rounds (list, set-up, results, exports) and the respondent's page, which
needs no account: its signed link (surveys.tokens) is the key."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.errors import OutOfScope
from core.exports import export_response
from core.tasks import enqueue
from core.views import OfferedMixin, ScopedViewMixin
from permissions.scoping import may
from surveys import exports
from surveys.forms import RoundForm, TerritoryForm, parse_territory, territory_value
from surveys.models import FREQUENCY, SCALES, RoundStatus, SurveyRound
from surveys.results import comparison, results, round_results
from surveys.selectors import is_owner, round_candidates, round_list, round_names, round_places, round_rows
from surveys.services import (
    answer_field,
    answers_save,
    link_state,
    others_of,
    participant_refuse,
    participants_remind,
    questions_of,
    round_close,
    round_open,
    round_save,
    stored_answers,
)
from surveys.tasks import round_invite_task
from surveys.tokens import participant_from_token


class RoundListView(ScopedViewMixin, TemplateView):
    model = SurveyRound
    template_name = "surveys/round_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rounds=round_list(user=self.request.user), can_add=may(self.request.user, "surveyround", "add"), **kwargs
        )


class RoundFormView(OfferedMixin, ScopedViewMixin, TemplateView):
    """/surveys/new/ and /surveys/<id>/edit/ (a draft, its owner): first the territory, then the rest."""

    model = SurveyRound
    action = "change"
    template_name = "surveys/round_form.html"

    @cached_property
    def round(self) -> SurveyRound | None:
        if "pk" not in self.kwargs:
            return None
        round_ = self.get_scoped_object(pk=self.kwargs["pk"])
        if round_.status != RoundStatus.DRAFT:
            raise Http404
        return round_

    def offered(self) -> bool:
        return may(self.request.user, "surveyround", "add")

    def territory(self, value):
        districts, regions = round_places(self.request.user)
        if self.round is not None:
            return self.round.district, self.round.region, districts, regions
        district, region = parse_territory(value, districts, regions)
        return district, region, districts, regions

    def round_form(self, data, district, region):
        candidates = round_candidates(user=self.request.user, district=district, region=region)
        initial = {"territory": territory_value(district, region if district is None else None)}
        questions = chosen = None
        if self.round is not None:
            initial.update(title=self.round.title, deadline=self.round.deadline)
            questions = [(q.code, q.section, q.text) for q in questions_of(self.round)]
            chosen = dict(self.round.participants.values_list("organization_id", "contact_id"))
        return RoundForm(data, candidates=candidates, questions=questions, chosen=chosen, initial=initial)

    def get(self, request, *args, **kwargs):
        district, region, districts, regions = self.territory(request.GET.get("territory", ""))
        if district is None and region is None:
            form = TerritoryForm(request.GET or None, districts=districts, regions=regions, initial={"territory": ""})
            return self.render_to_response(self.get_context_data(territory_form=form))
        return self.render_form(self.round_form(None, district, region), district, region)

    def render_form(self, form, district, region):
        skipped = [c for c in form.candidates if c.refused and not c.contacts]
        return self.render_to_response(
            self.get_context_data(form=form, place=district or region, skipped=skipped, round=self.round)
        )

    def post(self, request, *args, **kwargs):
        district, region, _districts, _regions = self.territory(request.POST.get("territory", ""))
        if district is None and region is None:
            raise Http404
        form = self.round_form(request.POST, district, region)
        if form.is_valid():
            try:
                round_ = round_save(
                    actor=request.user,
                    round_=self.round,
                    title=form.cleaned_data["title"],
                    district=district,
                    region=region,
                    deadline=form.cleaned_data["deadline"],
                    respondents=form.respondents(),
                    questions=form.questions(),
                )
            except OutOfScope as exc:
                raise Http404 from exc
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The round is saved as a draft. Open it to send the links."))
                return HttpResponseRedirect(reverse("survey-round", args=[round_.pk]))
        return self.render_form(form, district, region)


def _form_errors(form, exc: ValidationError) -> None:
    """A service's errors on the form: by field where the form has it, the rest on the form as a whole."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        if name in form.fields:
            form.add_error(name, errors)
        else:
            form.extra_errors.setdefault(name, []).extend(e.message % (e.params or {}) for e in errors)


class RoundDetailView(ScopedViewMixin, TemplateView):
    model = SurveyRound
    template_name = "surveys/round_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        round_ = self.get_scoped_object(pk=self.kwargs["pk"])
        owner = is_owner(user, round_)
        full = results(*round_rows(round_))
        view = round_results(full, owner=owner)
        names = round_names(user=user, round_=round_)
        context = {
            "round": round_,
            "owner": owner,
            "can_change": SurveyRound.objects.restrict(user, "change").filter(pk=round_.pk).exists(),
            "network": view.network,
            "counts": view,
            "scores": [
                (pk, names.get(pk, ""), score)
                for pk, score in sorted(view.organizations.items(), key=lambda i: names.get(i[0], ""))
            ],
        }
        if owner:
            context["participants"] = round_.participants.select_related("organization", "contact").order_by(
                "organization__name", "pk"
            )
            context["pairs"] = [(pair, names.get(pair.a, ""), names.get(pair.b, "")) for pair in full.pairs]
        previous = round_.previous
        if previous is not None and SurveyRound.objects.restrict(user, "view").filter(pk=previous.pk).exists():
            before = results(*round_rows(previous))
            before_view = round_results(before, owner=owner and is_owner(user, previous))
            compared = comparison(view, before_view)
            context["previous"] = previous
            context["compared_network"] = compared["network"]
            context["compared_organizations"] = [
                (names.get(pk, ""), change) for pk, change in compared["organizations"].items()
            ]
        return super().get_context_data(**context, **kwargs)


class RoundActionView(ScopedViewMixin, View):
    """The owner's buttons: open and send, send reminders now, close."""

    model = SurveyRound
    action = "change"

    def post(self, request, pk, what):
        round_ = self.get_scoped_object(pk=pk)
        try:
            if what == "open":
                round_open(actor=request.user, round_=round_)
                enqueue(round_invite_task, round_.pk)
                messages.success(request, _("The round is open; the links are being sent."))
            elif what == "remind":
                sent = participants_remind(actor=request.user, round_=round_)
                messages.success(request, _("Reminders sent: %(count)s.") % {"count": sent})
            elif what == "close":
                round_close(actor=request.user, round_=round_)
                messages.success(request, _("The round is closed."))
            else:
                raise Http404
        except OutOfScope as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return HttpResponseRedirect(reverse("survey-round", args=[round_.pk]))


class RoundExportView(ScopedViewMixin, View):
    """/surveys/<id>/export/<what>.<format>: pairs (the owner's), organisations, graph (GraphML, GEXF)."""

    model = SurveyRound

    def get(self, request, pk, what, fmt):
        round_ = self.get_scoped_object(pk=pk)
        owner = is_owner(request.user, round_)
        full = results(*round_rows(round_))
        view = round_results(full, owner=owner)
        names = round_names(user=request.user, round_=round_)
        filename = f"pruzkum-{round_.pk}-{what}"
        if what == "pairs" and owner and fmt in ("csv", "xlsx"):
            return export_response(
                full.pairs, exports.pair_columns(names), fmt=fmt, filename=filename, title=_("Pairs")
            )
        if what == "organizations" and fmt in ("csv", "xlsx"):
            return export_response(
                exports.organization_rows(view, names),
                exports.organization_columns(),
                fmt=fmt,
                filename=filename,
                title=_("Organisations"),
            )
        if what == "graph" and fmt in ("graphml", "gexf"):
            graph = exports.survey_graph(view, names, full if owner else None)
            content = exports.graph_graphml(graph) if fmt == "graphml" else exports.graph_gexf(graph)
            response = HttpResponse(content, content_type="application/xml")
            response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
            return response
        raise Http404


# ---------------------------------------------------------------------------------------------- the respondent --


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


class RespondView(View):
    """/survey/<token>/: the respondent's page, no account needed (the signed link is the key). A bad link, a closed
    round, a submitted or refused survey each get a page of their own, never an error stack."""

    def dispatch(self, request, token):
        participant = participant_from_token(token) if len(token) < 500 else None
        if participant is None:
            return _noindex(render(request, "surveys/respond_message.html", {"state": "invalid"}, status=404))
        state = link_state(participant)
        if state != "open" or request.method not in ("GET", "POST"):
            status = 410 if state == "closed" else 200
            return _noindex(
                render(
                    request, "surveys/respond_message.html", {"state": state, "participant": participant}, status=status
                )
            )
        return _noindex(super().dispatch(request, participant))

    def get(self, request, participant):
        return self.page(request, participant, stored_answers(participant), {})

    def post(self, request, participant):
        what = request.POST.get("action", "")
        if what == "refuse":
            return render(request, "surveys/respond_refuse.html", {"participant": participant})
        if what == "refuse-confirm":
            participant_refuse(participant=participant)
            return render(request, "surveys/respond_message.html", {"state": "refused", "participant": participant})
        try:
            answers_save(participant=participant, data=request.POST, submit=what == "submit")
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            return self.page(request, participant, request.POST, errors, status=400)
        if what == "submit":
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(f"{request.path}?saved=1")

    def page(self, request, participant, values, errors, status=200):
        questions = questions_of(participant.round)
        organizations = []
        for organization in others_of(participant):
            rows = []
            for question in questions:
                field = answer_field(organization.pk, question.code)
                chosen = str(values.get(field, "") or "")
                rows.append(
                    {
                        "question": question,
                        "field": field,
                        "frequency": question.code == FREQUENCY,
                        "choices": [(str(v), label, str(v) == chosen) for v, label in SCALES[question.section]],
                        "errors": errors.get(field, []),
                    }
                )
            organizations.append({"organization": organization, "rows": rows})
        context = {
            "participant": participant,
            "round": participant.round,
            "organizations": organizations,
            "errors": errors,
            "saved": request.GET.get("saved") == "1" and not errors,
        }
        return render(request, "surveys/respond.html", context, status=status)
