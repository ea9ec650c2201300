"""Driving an admin change form: what it would post back, and why it did not save."""

from __future__ import annotations

from django.urls import reverse


def admin_url(model, view: str) -> str:
    """The address of one of a model's admin pages without arguments ("changelist", "add")."""
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def change_form_data(response) -> dict:
    """What the admin change form would post back unchanged: the form and every inline."""
    data: dict = {}

    def add(form) -> None:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is True:
                data[key] = "on"
            elif value is False or key.endswith("-file"):
                continue
            elif value is None:
                data[key] = ""
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def form_errors(response) -> list:
    """The errors of a change form that was not saved, to say why in the assertion."""
    if response.context is None or "adminform" not in response.context:
        return []
    inlines = [inline.formset for inline in response.context["inline_admin_formsets"]]
    return [
        response.context["adminform"].form.errors,
        *[(f.prefix, f.non_form_errors(), f.errors) for f in inlines],
    ]
