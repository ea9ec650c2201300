"""Public pages of the headquarters: its structure, the rosters and the charter."""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, TemplateView

from dxportal.lib.params import date_param
from dxportal.pagecache import cached_public_page
from headquarters import selectors
from headquarters.models import Charter, Post


@method_decorator(cached_public_page, name="dispatch")
class HeadquartersView(TemplateView):
    """The 推進体制: every public body, and who leads the headquarters and its 幹事会."""

    template_name = "headquarters/headquarters.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bodies = list(selectors.public_bodies())
        leaders = selectors.posts_with_current_holders(
            Post.objects.filter(body__in=bodies, schedule=Post.Schedule.NONE)
        )
        leaders_by_body: dict[int, list[Post]] = {}
        for post in leaders:
            leaders_by_body.setdefault(post.body_id, []).append(post)
        for body in bodies:
            body.leader_posts = leaders_by_body.get(body.pk, [])
        context["bodies"] = bodies
        context["charter"] = Charter.objects.order_by("id").first()
        return context


@method_decorator(cached_public_page, name="dispatch")
class BodyDetailView(DetailView):
    """The roster of one body: every post in order, with who holds it today."""

    template_name = "headquarters/body_detail.html"
    context_object_name = "body"

    def get_queryset(self):
        return selectors.public_bodies()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["posts"] = selectors.posts_with_current_holders(self.object.posts.all())
        context["children"] = self.object.children.filter(is_public=True)
        context["today"] = timezone.localdate()
        return context


@method_decorator(cached_public_page(params=("on",)), name="dispatch")
class CharterDetailView(DetailView):
    """The charter as in force today (or on ?on=YYYY-MM-DD), with 別表 from the posts' listings."""

    template_name = "headquarters/charter_detail.html"
    context_object_name = "charter"

    def get_queryset(self):
        return Charter.objects.select_related("body")

    def get_object(self, queryset=None):
        queryset = queryset or self.get_queryset()
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def in_force_on(self) -> datetime.date:
        # A day that does not parse or that the site cannot write in 和暦 is a 404, not today's
        # text: the page would otherwise claim that text was in force on the day in the URL.
        return date_param(self.request, "on", default=timezone.localdate(), strict=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | selectors.charter_context(self.object, self.in_force_on())
