"""Every admin form checks the ids it is sent before the database sees them: an id past the
largest 64-bit integer overflowed SQLite (a 500) in a field that chooses many rows."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from dxportal.lib.fields import LARGEST_ID
from tests.admin_forms import admin_url

pytestmark = pytest.mark.django_db

HOSTILE_IDS = [str(LARGEST_ID + 1), str(10**30), "-1", "0"]
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def superuser_request():
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    return request


def chooser_fields(model) -> list[str]:
    """The names of the admin's add form's fields that choose rows by id."""
    form = admin.site._registry[model].get_form(superuser_request())
    return sorted(
        name
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
    )


CHOOSERS = [model for model in MODELS if chooser_fields(model)]


def test_the_choosers_of_every_admin_are_checked():
    """At least the admins known to choose rows are among those tested below."""
    checked = {model._meta.label for model in CHOOSERS}
    assert {"auth.Group", "consultations.Consultation", "consultations.Desk"} <= checked


@pytest.mark.parametrize("model", CHOOSERS, ids=lambda model: model._meta.label)
def test_no_admin_form_fails_on_an_impossible_id(superuser_client, model):
    names = chooser_fields(model)
    url = admin_url(model, "add")
    for name in names:
        for value in HOSTILE_IDS:
            response = superuser_client.post(url, {name: value})
            assert response.status_code in (200, 403), (name, value)  # 403: never added by hand
            if response.status_code == 200:
                assert name in response.context["adminform"].form.errors, (name, value)


def inline_choosers(model) -> list[tuple[str, str]]:
    """(formset prefix, field name) of the add page's inline fields that choose rows."""
    request = superuser_request()
    found = []
    for inline in admin.site._registry[model].get_inline_instances(request):
        formset = inline.get_formset(request)
        prefix = formset.get_default_prefix()
        for name, field in formset.form.base_fields.items():
            if isinstance(field, forms.ModelChoiceField):
                found.append((prefix, name))
    return found


INLINES = [model for model in MODELS if inline_choosers(model)]


@pytest.mark.parametrize("model", INLINES, ids=lambda model: model._meta.label)
def test_no_inline_row_fails_on_an_impossible_id(superuser_client, model):
    url = admin_url(model, "add")
    for prefix, name in inline_choosers(model):
        for value in HOSTILE_IDS:
            data = {
                f"{prefix}-TOTAL_FORMS": "1",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-0-{name}": value,
            }
            response = superuser_client.post(url, data)
            assert response.status_code < 500, (prefix, name, value)


def test_a_user_s_groups_and_permissions_refuse_an_impossible_id(superuser_client):
    user = User.objects.create_user("hanako", "hanako@example.jp")
    url = reverse("admin:auth_user_change", args=[user.pk])
    for name in ("groups", "user_permissions"):
        for value in HOSTILE_IDS:
            response = superuser_client.post(url, {"username": "hanako", name: value})
            assert response.status_code == 200, (name, value)
            assert name in response.context["adminform"].form.errors


# The lists: the rows an action is for, and the rows edited in the list, are named by id too.


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_no_admin_action_fails_on_an_impossible_id(superuser_client, published_seed, model):
    rows = model._default_manager.count()
    for value in HOSTILE_IDS:
        for confirmed in ({}, {"post": "yes"}):  # delete_selected asks first, then deletes
            data = {"action": "delete_selected", "_selected_action": [value], **confirmed}
            response = superuser_client.post(admin_url(model, "changelist"), data)
            assert response.status_code < 500, value
    assert model._default_manager.count() == rows


def test_django_still_reads_edited_rows_through_the_step_the_mixin_filters():
    assert callable(admin.ModelAdmin._get_edited_object_pks)


EDITABLE_LISTS = [model for model in MODELS if admin.site._registry[model].list_editable]


@pytest.mark.parametrize("model", EDITABLE_LISTS, ids=lambda model: model._meta.label)
def test_no_list_edit_fails_on_an_impossible_id(superuser_client, published_seed, model):
    model_admin = admin.site._registry[model]
    for value in HOSTILE_IDS:
        data = {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            f"form-0-{model._meta.pk.name}": value,
            **{f"form-0-{name}": "1" for name in model_admin.list_editable},
            "_save": "保存",
        }
        response = superuser_client.post(admin_url(model, "changelist"), data)
        assert response.status_code < 500, value


@pytest.mark.parametrize("model", CHOOSERS, ids=lambda model: model._meta.label)
def test_no_add_page_fails_on_an_impossible_id_in_its_address(superuser_client, model):
    """?body=3 fills the add form in; an impossible id fills nothing in. (Records that are
    never added by hand, such as the audit log, refuse the add page: 403.)"""
    url = admin_url(model, "add")
    for name in chooser_fields(model):
        for value in HOSTILE_IDS:
            response = superuser_client.get(url, {name: value})
            assert response.status_code in (200, 403), (name, value)


def test_an_add_page_still_takes_a_real_id_from_its_address(superuser_client, published_seed):
    from headquarters.models import Body

    body = Body.objects.get(slug="headquarters")
    response = superuser_client.get(reverse("admin:headquarters_meeting_add"), {"body": body.pk})
    assert response.context["adminform"].form.initial["body"] == str(body.pk)
