"""The needs board (a column per status), a need's detail with its status form, and recording or changing a need."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, FormView, ListView, UpdateView

from core.views import ScopedFilteredListMixin, ScopedViewMixin, ServiceFormMixin, history_of, safe_next
from meetings.filtersets import NeedFilterSet
from meetings.forms import NeedStatusForm, StandaloneNeedForm
from meetings.models import Meeting, Need, NeedStatus
from meetings.services import need_create, need_set_status, need_update
from meetings.views.common import LINKED_FILTERS
from organizations.models import Organization
from permissions.filters import ScreenFiltersMixin
from permissions.views import AddViewMixin

# Cards per column of the needs board (the newest first); the filters narrow it down.
BOARD_COLUMN_SIZE = 100


class NeedBoardView(ScreenFiltersMixin, ScopedFilteredListMixin, ListView):
    """The needs in scope as a board: a column per status, newest first, each card movable to another status; it opens
    on the user's own ORP or kraj."""

    model = Need
    filterset_class = NeedFilterSet
    linked_filters = LINKED_FILTERS
    template_name = "meetings/need_board.html"
    paginate_by = None

    def get_queryset(self):
        return super().get_queryset().select_related("district", "raised_by", "target_group")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        needs = context["object_list"]
        context["columns"] = [
            {
                "status": status,
                "label": label,
                "needs": [NeedCard(need) for need in needs.filter(status=status)[:BOARD_COLUMN_SIZE]],
                "count": needs.filter(status=status).count(),
            }
            for status, label in NeedStatus.choices
        ]
        # Every need has one of the statuses: the columns' counts add up to the rows the filters give.
        context["total"] = sum(column["count"] for column in context["columns"])
        # Who raised a need is named only if the reader may see that organisation (it may sit in another kraj).
        cards = [card for column in context["columns"] for card in column["needs"]]
        seen = set(
            Organization.objects.restrict(self.request.user, "view")
            .filter(pk__in={card.need.raised_by_id for card in cards if card.need.raised_by_id})
            .values_list("pk", flat=True)
        )
        for card in cards:
            card.raised_by = card.need.raised_by if card.need.raised_by_id in seen else None
        context["board_url"] = self.request.get_full_path()
        return context


class NeedCard:
    """A need on the board with the status form of its card."""

    def __init__(self, need: Need):
        self.need = need
        self.form = NeedStatusForm(need=need, auto_id=f"id_need{need.pk}_%s")
        self.raised_by = None


class NeedDetailView(ScopedViewMixin, ServiceFormMixin, FormView):
    """One need, its history, and the form that moves it to another status (from here or from its board card);
    closing it without a note is refused with the error next to the note."""

    model = Need
    form_class = NeedStatusForm
    template_name = "meetings/need_detail.html"
    success_message = _("The status of the need has been changed.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_scoped_object(pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("district", "target_group", "wanted_service_kind", "created_by")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "need": self.object}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "next": safe_next(self.request, ""),
            "history": history_of(self.object),
            "can_change": Need.objects.restrict(user, "change").filter(pk=self.object.pk).exists(),
            # A need may be placed elsewhere than the meeting it was raised in (or by an organisation of another
            # kraj): what the reader may not see is not named, not even by its title.
            "raised_in": Meeting.objects.restrict(user, "view").filter(pk=self.object.raised_in_id).first(),
            "raised_by": Organization.objects.restrict(user, "view").filter(pk=self.object.raised_by_id).first(),
        }

    def save(self, form):
        data = form.cleaned_data
        return need_set_status(
            actor=self.request.user,
            need=self.object,
            status=data["status"],
            note=data["resolution_note"],
            expected_version=data.get("expected_version"),
        )

    def get_success_url(self):
        return safe_next(self.request, reverse("need-detail", args=[self.object.pk]))


class NeedFormMixin(ScopedViewMixin, ServiceFormMixin):
    model = Need
    form_class = StandaloneNeedForm
    template_name = "meetings/need_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return reverse("need-detail", args=[self.object.pk])


class NeedCreateView(AddViewMixin, NeedFormMixin, CreateView):
    """Record a need heard outside a logged meeting."""

    adds = "need"
    action = "add"
    success_message = _("The need has been recorded.")

    def save(self, form):
        return need_create(actor=self.request.user, **form.service_data())


class NeedUpdateView(NeedFormMixin, UpdateView):
    """Change what a need says; a stale edit is refused."""

    action = "change"
    success_message = _("The need has been saved.")

    def save(self, form):
        return need_update(
            actor=self.request.user,
            need=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("expected_version"),
        )
