"""The duplicates pages (mounted at /organizations/duplicates/): the candidate pairs of the user's kraj, "Not a
duplicate", and the merge page. Only organisations the user may merge (restrict(user, "merge")) are ever listed or
named; a pair with one record out of that reach is 404."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.errors import OutOfScope, errors_by_field
from core.views import OfferedMixin, ScopedViewMixin, ServiceFormMixin
from duplicates.candidates import candidate_page, mergeable
from duplicates.forms import MergeForm, PairForm
from duplicates.merge import CHOICES, merge_organizations, merge_undo, what_moves
from duplicates.services import mergeable_pair, not_duplicate_mark
from organizations.models import Organization, OrganizationMerge
from permissions.scoping import may
from territory.models import Region

# The page shows the likeliest pairs, this many (a pair dismissed or merged makes room for the next).
PAGE = 50
# A service's error on one field of a group is shown on the group's choice.
GROUP_OF = {name: group for group, names in CHOICES.items() for name in names} | {"district": "address"}


class MergeAccessMixin(OfferedMixin, ScopedViewMixin):
    """Pages for whoever may merge organisations somewhere (others: 404, as any page out of their reach)."""

    model = Organization
    action = "merge"

    def offered(self) -> bool:
        return may(self.request.user, "organization", "merge")


class PairMixin(MergeAccessMixin):
    """A page of one pair (``first``-``second`` in the URL), both within the user's reach to merge."""

    @cached_property
    def pair(self) -> tuple[Organization, Organization]:
        try:
            return mergeable_pair(self.request.user, self.kwargs["first"], self.kwargs["second"])
        except OutOfScope:
            raise Http404 from None


class DuplicateListView(MergeAccessMixin, TemplateView):
    """The candidate pairs of a kraj, best first, each with both records side by side and what matched."""

    template_name = "duplicates/duplicate_list.html"

    def regions(self):
        return Region.objects.filter(pk__in=mergeable(self.request.user).values("region")).order_by("name")

    def get(self, request, *args, **kwargs):
        pair = PairForm(request.GET if "first" in request.GET else None, user=request.user)
        if pair.is_valid():
            return HttpResponseRedirect(
                reverse("duplicate-merge", args=[pair.cleaned_data["first"], pair.cleaned_data["second"]])
            )
        return self.render_to_response(self.get_context_data(pair_form=pair))

    def get_context_data(self, **kwargs):
        regions = list(self.regions())
        wanted = self.request.GET.get("region")
        region = next((r for r in regions if r.code == wanted), regions[0] if regions else None)
        pairs, total = candidate_page(self.request.user, region=region, limit=PAGE) if region else ([], 0)
        return super().get_context_data(regions=regions, region=region, pairs=pairs, total=total, **kwargs)


class NotDuplicateView(PairMixin, View):
    """ "Not a duplicate": the pair is remembered and never listed again."""

    def post(self, request, first, second):
        a, b = self.pair
        not_duplicate_mark(actor=request.user, first=a, second=b)
        messages.success(request, _("The pair will not be offered again."))
        region = request.POST.get("region", "")
        url = reverse("duplicate-list")
        return HttpResponseRedirect(f"{url}?region={region}" if region.isdigit() else url)


class MergeUndoView(MergeAccessMixin, View):
    """ "Undo the merge" (within a day, from the survivor's card): the merged record comes back; a refusal says why."""

    def post(self, request, pk):
        record = get_object_or_404(OrganizationMerge, pk=pk, survivor__in=mergeable(request.user).values("pk"))
        survivor_id = record.survivor_id
        try:
            merged = merge_undo(actor=request.user, record=record)
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(reverse("organization-detail", args=[survivor_id]))
        messages.success(request, _("The merge is undone: %(object)s is back.") % {"object": merged})
        return HttpResponseRedirect(reverse("organization-detail", args=[merged.pk]))


class MergeView(PairMixin, ServiceFormMixin, FormView):
    """Both records side by side: which stays, which value each field keeps, why; and what will move."""

    form_class = MergeForm
    template_name = "duplicates/merge.html"
    success_message = _("The records are merged into %(object)s.")

    def get_form_kwargs(self):
        first, second = self.pair
        return {**super().get_form_kwargs(), "first": first, "second": second}

    def get_context_data(self, **kwargs):
        first, second = self.pair
        return super().get_context_data(
            first=first, second=second, moves={"first": what_moves(first), "second": what_moves(second)}, **kwargs
        )

    def save(self, form):
        survivor, merged = form.pair()
        try:
            merge_organizations(
                actor=self.request.user,
                survivor=survivor,
                merged=merged,
                values=form.values(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            errors = {}
            for name, messages_ in errors_by_field(exc).items():
                errors.setdefault(GROUP_OF.get(name, name), []).extend(messages_)
            raise ValidationError(errors) from exc
        survivor.refresh_from_db()
        return survivor

    def get_success_url(self):
        return reverse("organization-detail", args=[self.object.pk])
