"""The plan's admin form opens folded: its sections and lists are closed <details> groups."""

from __future__ import annotations

from django.urls import reverse

from plan.models import Plan


def test_the_plan_form_folds_its_sections_and_lists(superuser_client, seed):
    plan = Plan.objects.first()
    html = superuser_client.get(reverse("admin:plan_plan_change", args=[plan.pk])).content.decode()
    assert html.count("<details") == 4  # 本文の節, 概要, 動向, 基本理念
    assert "<details open" not in html
