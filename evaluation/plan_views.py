"""The screens of the action plans (issue 19): the plans a user may read, a kraj's plan (filtered by status and ORP)
and an ORP's, a step's form with its history, a step's status changed from the list, and the kraj's open needs
grouped across its ORP. A kraj or ORP whose plan the user may not read answers 404."""

from functools import cached_property

from django.contrib import messages
from django.db.models import Count, Q
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.errors import OutOfScope
from core.exports import FORMATS, Column, export_response
from core.views import OfferedMixin, RecordFormView, ScopedViewMixin, history_of, label_of, safe_next
from evaluation.forms import KRAJ, ActionItemForm, PlanFilterForm, StatusForm
from evaluation.models import ActionItem, ActionStatus
from evaluation.plans import (
    ACTION_FIELDS,
    OPEN_STATUSES,
    action_item_create,
    action_item_list,
    action_item_update,
    is_overdue,
    may_plan_for_kraj,
    needs_across_orp,
    plan_districts,
    plan_regions,
)
from meetings.models import FollowUp, Need, NeedCategory
from territory.models import District


def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class PlanMixin(ScopedViewMixin):
    """A page of one kraj's plan (``code``: the kraj's code), 404 unless the user may read the kraj's plans."""

    model = ActionItem

    @cached_property
    def region(self):
        return get_object_or_404(plan_regions(self.request.user), code=self.kwargs["code"])

    def add_url(self, **query) -> str:
        url = reverse("plan-step-create", args=[self.region.code])
        query = {key: value for key, value in query.items() if value}
        return f"{url}?{urlencode(query)}" if query else url


class PlanIndexView(ScopedViewMixin, TemplateView):
    """The kraje whose plans the user may read, with their ORP and how many steps are still to do or overdue."""

    model = ActionItem
    template_name = "evaluation/plan_index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        regions = list(plan_regions(user).prefetch_related("districts"))
        today = timezone.localdate()
        still = Q(status__in=OPEN_STATUSES)
        counts = {
            row["region"]: row
            for row in self.get_queryset()
            .values("region")
            .annotate(
                total=Count("pk"),
                open=Count("pk", filter=still),
                overdue=Count("pk", filter=still & Q(due_on__lt=today)),
            )
            .order_by()
        }
        return super().get_context_data(
            regions=[
                (region, sorted(region.districts.all(), key=lambda d: d.name), counts.get(region.pk, {}))
                for region in regions
            ],
            **kwargs,
        )


class PlanView(PlanMixin, TemplateView):
    """The steps of a kraj's plans (its own and its ORP's, ``?orp=`` one of them), or with ``district`` the plan of
    one ORP: what, who, by when (overdue marked), the status and the meeting's follow-up; as CSV or XLSX too."""

    template_name = "evaluation/plan.html"

    @cached_property
    def district(self) -> District | None:
        code = self.kwargs.get("orp")
        if code is None:
            return None
        regions = plan_regions(self.request.user)
        return get_object_or_404(District.objects.select_related("region").filter(region__in=regions), code=code)

    @cached_property
    def region(self):
        if "orp" in self.kwargs:
            return self.district.region
        return super().region

    @cached_property
    def districts(self) -> list[District]:
        return list(District.objects.filter(region=self.region).order_by("name"))

    def get_context_data(self, **kwargs):
        user, region, district = self.request.user, self.region, self.district
        form = PlanFilterForm(self.request.GET, districts=None if district else self.districts)
        items = list(form.apply(action_item_list(user=user, region=region, district=district)))
        ids = [item.pk for item in items]
        visible = set(
            FollowUp.objects.restrict(user, "view")
            .filter(pk__in=[item.followup_id for item in items if item.followup_id])
            .values_list("pk", flat=True)
        )
        changeable = set(ActionItem.objects.restrict(user, "change").filter(pk__in=ids).values_list("pk", flat=True))
        today = timezone.localdate()
        self.rows = [
            {
                "item": item,
                "overdue": is_overdue(item, today),
                "followup": item.followup if item.followup_id in visible else None,
                "can_change": item.pk in changeable,
                "category": NeedCategory(item.need_category).label if item.need_category else "",
            }
            for item in items
        ]
        kraj_wide = may_plan_for_kraj(user, region)
        addable = plan_districts(user, region)
        if district is not None:
            can_add = addable.filter(pk=district.pk).exists()
            add_url = self.add_url(orp=district.code)
        else:
            can_add = kraj_wide or addable.exists()
            add_url = self.add_url()
        query = self.request.GET.copy()
        query.pop("export", None)
        return super().get_context_data(
            region=region,
            district=district,
            districts=self.districts,
            form=form,
            rows=self.rows,
            can_add=can_add,
            add_url=add_url,
            query=query.urlencode(),
            next=self.request.get_full_path(),
            statuses=ActionStatus.choices,
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        fmt = self.request.GET.get("export")
        if fmt not in FORMATS:
            return super().render_to_response(context, **kwargs)
        whole = _("the whole kraj")
        columns: list[Column] = [
            (label_of(ActionItem, "region"), lambda row: row["item"].region.name),
            ("ORP", lambda row: row["item"].district.name if row["item"].district else whole),
            (label_of(ActionItem, "recommendation"), lambda row: row["item"].recommendation),
            (label_of(ActionItem, "step"), lambda row: row["item"].step),
            (label_of(ActionItem, "owner"), lambda row: person(row["item"].owner)),
            (label_of(ActionItem, "due_on"), lambda row: row["item"].due_on),
            (_("Overdue"), lambda row: _("yes") if row["overdue"] else ""),
            (label_of(ActionItem, "status"), lambda row: row["item"].get_status_display()),
            (label_of(ActionItem, "need_category"), lambda row: row["category"]),
            (label_of(ActionItem, "indicator"), lambda row: row["item"].indicator),
            (capfirst(_("follow-up")), lambda row: row["followup"].description if row["followup"] else ""),
            (capfirst(_("meeting")), lambda row: row["followup"].meeting.title if row["followup"] else ""),
            (_("Síťař id"), lambda row: row["item"].pk),
        ]
        place = self.district.code if self.district else self.region.code
        return export_response(
            self.rows,
            columns,
            fmt=fmt,
            filename=f"akcni-plan-{place}-{timezone.localdate():%Y-%m-%d}",
            title=str(_("Action plan")),
        )


class PlanStepCreateView(OfferedMixin, PlanMixin, RecordFormView):
    """A new step of the kraj's plan or of one of its ORP's, as the user may add (else 404); a link may prefill it
    (``?recommendation=…&need_category=…&place=kraj`` from the needs grouped across ORP, ``?orp=<code>``)."""

    action = "add"
    form_class = ActionItemForm
    title = _("A new step of the action plan")
    success_message = _("The step %(object)s has been added to the plan.")

    def offered(self) -> bool:
        return bool(self.kraj_wide or self.districts)

    @cached_property
    def kraj_wide(self) -> bool:
        return may_plan_for_kraj(self.request.user, self.region)

    @cached_property
    def districts(self) -> list[District]:
        return list(plan_districts(self.request.user, self.region))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "region": self.region,
            "districts": self.districts,
            "kraj_wide": self.kraj_wide,
        }

    def get_initial(self):
        query = self.request.GET
        initial = {"status": ActionStatus.PLANNED, "owner": self.request.user.pk}
        for name in ("recommendation", "need_category"):
            if query.get(name):
                initial[name] = query[name][: ActionItem._meta.get_field("recommendation").max_length]
        orp = next((d for d in self.districts if d.code == query.get("orp")), None)
        if query.get("place") == KRAJ and self.kraj_wide:
            initial["place"] = KRAJ
        elif orp is not None:
            initial["place"] = str(orp.pk)
        return initial

    def back_url(self) -> str:
        orp = self.request.GET.get("orp")
        if orp and any(d.code == orp for d in self.districts):
            return reverse("plan-orp", args=[orp])
        return reverse("plan", args=[self.region.code])

    def get_success_url(self):
        if self.object.district_id:
            return reverse("plan-orp", args=[self.object.district.code])
        return reverse("plan", args=[self.region.code])

    def save(self, form):
        return action_item_create(actor=self.request.user, region=self.region, **form.place_of(), **form.service_data())


class PlanStepEditView(RecordFormView):
    """A step the user may change (else 404): its fields, its status, and its history; its place stays."""

    model = ActionItem
    action = "change"
    form_class = ActionItemForm
    template_name = "evaluation/plan_step_form.html"
    success_message = _("The step %(object)s has been saved.")

    @cached_property
    def item(self) -> ActionItem:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    def get_queryset(self):
        return super().get_queryset().select_related("region", "district")

    @property
    def title(self):
        return self.item.recommendation

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "region": self.item.region, "item": self.item}

    def get_initial(self):
        return model_to_dict(self.item, fields=ACTION_FIELDS)

    def back_url(self) -> str:
        if self.item.district_id:
            return safe_next(self.request, reverse("plan-orp", args=[self.item.district.code]))
        return safe_next(self.request, reverse("plan", args=[self.item.region.code]))

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, history=history_of(self.item), **kwargs)

    def save(self, form):
        return action_item_update(
            actor=self.request.user, item=self.item, data=self.changes(form), reason=form.cleaned_data["reason"]
        )


class PlanStepStatusView(ScopedViewMixin, View):
    """Move a step to another status from the plan's list (one tap on a tablet), back to the list."""

    model = ActionItem
    action = "change"

    def post(self, request, pk):
        item = self.get_scoped_object(pk=pk)
        form = StatusForm(request.POST)
        if form.is_valid():
            try:
                action_item_update(actor=request.user, item=item, data={"status": form.cleaned_data["status"]})
            except OutOfScope as exc:
                raise Http404 from exc
            messages.success(
                request,
                _("The step %(object)s is now %(status)s.") % {"object": item, "status": item.get_status_display()},
            )
        else:
            messages.error(request, _("Choose one of the statuses."))
        default = (
            reverse("plan-orp", args=[item.district.code])
            if item.district_id
            else reverse("plan", args=[item.region.code])
        )
        return HttpResponseRedirect(safe_next(request, default))


class NeedsAcrossView(PlanMixin, TemplateView):
    """The kraj's open needs the user may see grouped across its ORP (the same need in many ORP is one line, which
    a kraj role may add to the kraj's plan), and counted by ORP and category. Counts only, no people."""

    model = Need
    template_name = "evaluation/needs_across.html"

    def get_context_data(self, **kwargs):
        user, region = self.request.user, self.region
        across = needs_across_orp(user=user, region=region)
        kraj_wide = may_plan_for_kraj(user, region)
        groups = [
            {
                "group": group,
                "add_url": self.add_url(place=KRAJ, recommendation=group.title, need_category=group.category)
                if kraj_wide
                else "",
            }
            for group in across.groups
        ]
        return super().get_context_data(region=region, across=across, groups=groups, **kwargs)
