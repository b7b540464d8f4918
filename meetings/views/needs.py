"""The needs board (a column per status), a need's detail with its status form, and recording or changing a need."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, FormView, ListView, UpdateView

from core.views import ScopedFilteredListMixin, ScopedViewMixin, ServiceFormMixin, history_of, record_id, safe_next
from meetings.filtersets import NeedFilterSet
from meetings.forms import NeedStatusForm, StandaloneNeedForm
from meetings.models import NEED_TRANSITIONS, Meeting, Need, NeedStatus
from meetings.services import need_create, need_set_status, need_update
from meetings.views.common import LINKED_FILTERS
from organizations.models import Organization
from permissions.filters import ScreenFiltersMixin
from permissions.views import AddViewMixin

# Cards per page of a column of the needs board (the newest first); "more" pages through the rest of the column.
BOARD_COLUMN_SIZE = 12


def column_page(value) -> int:
    """The page of a column a query string names: "3" → 3; nothing, "0", "abc" or a huge number → 1 (a hand-edited
    URL shows the first page, never an error)."""
    number = record_id(value)
    return number if number else 1


class NeedBoardView(ScreenFiltersMixin, ScopedFilteredListMixin, ListView):
    """The needs in scope as a board: a column per status with its count, the newest cards first, each card movable to
    another status; it opens on the user's own ORP or kraj.

    Each column pages on its own (``?open_page=2``, the filters kept): without JavaScript the link opens the board
    with that column's next page; with htmx the "more" link asks for that column's cards alone and is replaced by
    them (and by the next "more")."""

    model = Need
    filterset_class = NeedFilterSet
    linked_filters = LINKED_FILTERS
    template_name = "meetings/need_board.html"
    paginate_by = None

    def get_queryset(self):
        return super().get_queryset().select_related("district", "raised_by", "target_group")

    def more_column(self) -> str | None:
        """The status whose "more" link htmx is replacing (its next cards are the whole answer), else None."""
        target = self.request.htmx.target if self.request.htmx else None
        statuses = {f"more-{status}": status for status in NeedStatus.values}
        return statuses.get(target)

    def get_template_names(self):
        return ["meetings/_need_column_page.html"] if self.more_column() else super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        needs = context["object_list"]
        only = self.more_column()
        statuses = [(status, label) for status, label in NeedStatus.choices if only in (None, status)]
        # One query counts every column (the counts follow the filters, not the page shown).
        counts = needs.aggregate(**{status: Count("pk", filter=Q(status=status)) for status, _label in statuses})
        context["columns"] = [self.column(needs, status, label, counts[status]) for status, label in statuses]
        if only:
            context["column"] = context["columns"][0]
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

    def column(self, needs, status: str, label: str, count: int) -> dict:
        """A column: its count, the cards of the page asked for (a page past the end: the last one) and the links to
        its newer and further cards."""
        parameter = f"{status}_page"
        pages = max(1, -(-count // BOARD_COLUMN_SIZE))
        page = min(column_page(self.request.GET.get(parameter)), pages)
        start = (page - 1) * BOARD_COLUMN_SIZE
        shown = (
            [NeedCard(need) for need in needs.filter(status=status)[start : start + BOARD_COLUMN_SIZE]] if count else []
        )

        def url(number: int) -> str:
            query = self.request.GET.copy()
            query[parameter] = str(number)
            return f"{reverse('need-board')}?{query.urlencode()}"

        return {
            "status": status,
            "label": label,
            "needs": shown,
            "count": count,
            "page": page,
            "first": start + 1,
            "last": start + len(shown),
            "left": count - start - len(shown),
            "previous_url": url(page - 1) if page > 1 else "",
            "next_url": url(page + 1) if page < pages else "",
        }


class NeedCard:
    """A need on the board with the statuses its card may move it to (NeedStatusForm's choices; the detail's form
    checks the move)."""

    def __init__(self, need: Need):
        self.need = need
        allowed = NEED_TRANSITIONS[NeedStatus(need.status)]
        self.moves = [(value, label) for value, label in NeedStatus.choices if value in allowed]
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
