"""Public pages of the plan: its text, versions, progress, schedule and public comment."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from dxportal.lib import ratelimit
from dxportal.lib.params import INTEGER_FIELD_MAX, int_param
from dxportal.pagecache import cached_public_page
from plan import bodies, selectors, services, text
from plan.feeds import schedule_calendar
from plan.forms import CommentForm
from plan.models import CommentPeriod, Plan, Section, Version


def current_plan(request) -> HttpResponse:
    """/plan/ leads to the newest published plan."""
    plan = selectors.current_plan()
    if plan is None:
        raise Http404("公開されているプランはありません。")
    return redirect("plan:plan-detail", slug=plan.slug)


class PlanMixin:
    """Views under /plan/<slug>/: the plan, looked up once."""

    @cached_property
    def plan(self) -> Plan:
        return get_object_or_404(Plan, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        return context


@method_decorator(cached_public_page, name="dispatch")
class PlanDetailView(PlanMixin, TemplateView):
    """The plan as its current version was published: body, stage and 公開日 frozen then.

    The live content is the secretariat's draft (previewed in the admin); it reaches this page
    only when a version is published.
    """

    template_name = "plan/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = selectors.current_version(self.plan)
        context.update(
            version=version,
            stage_of=version,
            body=bodies.version_body(version) if version else "",
            open_periods=CommentPeriod.objects.open_at().filter(version__plan=self.plan),
        )
        return context


@method_decorator(cached_public_page, name="dispatch")
class VersionListView(PlanMixin, TemplateView):
    """The published versions, newest first, with a form to compare two of them."""

    template_name = "plan/version_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = self.plan.versions.published().order_by("-number").defer("snapshot")
        return context


@method_decorator(cached_public_page, name="dispatch")
class VersionDetailView(PlanMixin, DetailView):
    """One published version, as frozen when it was published."""

    template_name = "plan/version_detail.html"
    context_object_name = "version"

    def get_object(self, queryset=None):
        return get_object_or_404(self.plan.versions.published(), number=self.kwargs["number"])


@method_decorator(cached_public_page(params=("from", "to")), name="dispatch")
class VersionCompareView(PlanMixin, TemplateView):
    """What changed between two published versions (?from=1&to=2)."""

    template_name = "plan/version_compare.html"

    def version(self, parameter: str) -> Version:
        # Without two versions there is nothing to compare: a missing or unusable number is a 404.
        number = int_param(
            self.request, parameter, default=None, minimum=1, maximum=INTEGER_FIELD_MAX, strict=True
        )
        if number is None:
            raise Http404("比較する版を指定してください。")
        return get_object_or_404(self.plan.versions.published(), number=number)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        older, newer = self.version("from"), self.version("to")
        lines = text.compare(older.snapshot, newer.snapshot)
        context.update(
            older=older,
            newer=newer,
            lines=lines,
            changes=sum(1 for line in lines if line.change != "kept"),
        )
        return context


@method_decorator(cached_public_page, name="dispatch")
class ProgressView(PlanMixin, TemplateView):
    """Initiatives by 基本方針 with their KPIs, each as a chart and as a table."""

    template_name = "plan/progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiatives = list(selectors.initiatives_with_kpis(self.plan))
        by_pillar = {pillar: [] for pillar in self.plan.pillars.all()}
        for initiative in initiatives:
            by_pillar.setdefault(initiative.pillar, []).append(initiative)
        context["pillars"] = list(by_pillar.items())
        context["has_kpis"] = any(initiative.kpis.all() for initiative in initiatives)
        return context


@method_decorator(cached_public_page, name="dispatch")
class ScheduleView(PlanMixin, TemplateView):
    """One fiscal year's schedule as a month grid."""

    template_name = "plan/schedule_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schedules = selectors.schedules_with_events(self.plan).filter(
            fiscal_year=self.kwargs["year"]
        )
        schedule = schedules.first()
        if schedule is None:
            raise Http404("この年度のスケジュールはありません。")
        context["grid"] = selectors.month_grid(schedule)
        return context


@cached_public_page
def schedule_ics(request, slug: str) -> HttpResponse:
    """Every scheduled event of the plan as an iCalendar feed."""
    plan = get_object_or_404(Plan, slug=slug)
    body = schedule_calendar(plan, selectors.schedules_with_events(plan))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{plan.slug}-schedule.ics"'
    return response


def comment_period(plan: Plan, pk: int) -> CommentPeriod:
    return get_object_or_404(
        CommentPeriod.objects.select_related("version__plan"), pk=pk, version__plan=plan
    )


@never_cache
def comment_form(request, slug: str, pk: int) -> HttpResponse:
    """The comment form of a period: open periods take comments, others say when they ran.

    Submissions share the consultation form's rate limit (its settings, a scope of their own).
    """
    plan = get_object_or_404(Plan, slug=slug)
    period = comment_period(plan, pk)
    sections = selectors.commentable_sections(period)
    form = CommentForm(request.POST or None, sections=sections)
    closed_message = ""
    status = 200
    if request.method == "POST":
        verdict = ratelimit.hit_public_form(request, "comment")
        if not verdict.allowed:
            # The form comes back with everything typed; the message stands above it.
            form.add_error(None, verdict.message)
            status = 429
        elif form.is_valid():
            try:
                services.submit_comment(period=period, data=form.cleaned_data)
            except services.PeriodClosed:
                closed_message = "意見の募集期間外のため、受け付けられませんでした。"
            else:
                return redirect("plan:comment-thanks", slug=plan.slug, pk=period.pk)
    if not period.is_open() and not closed_message:
        closed_message = "現在、意見を募集していません。"
    return render(
        request,
        "plan/comment_form.html",
        {"plan": plan, "period": period, "form": form, "closed_message": closed_message},
        status=status,
    )


@cached_public_page
def comment_thanks(request, slug: str, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    period = comment_period(plan, pk)
    return render(request, "plan/comment_thanks.html", {"plan": plan, "period": period})


@cached_public_page
def comment_results(request, slug: str, pk: int) -> HttpResponse:
    """意見の概要と県の考え方, grouped by section, once staff have published them."""
    plan = get_object_or_404(Plan, slug=slug)
    period = comment_period(plan, pk)
    if not period.results_are_public:
        raise Http404("結果はまだ公表されていません。")
    comments = period.comments.filter(is_published=True).select_related("section")
    by_section: dict[Section, list] = {}
    for comment in comments.order_by("section__order", "submitted_at"):
        by_section.setdefault(comment.section, []).append(comment)
    return render(
        request,
        "plan/comment_results.html",
        {"plan": plan, "period": period, "by_section": list(by_section.items())},
    )
