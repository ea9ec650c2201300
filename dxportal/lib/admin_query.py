"""What every admin class shares: lists that never hand the database a control character or an
impossible date, date fields that read dates as Japanese staff write them, and choosers that
check ids before the database sees them."""

from __future__ import annotations

from django import forms
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from dxportal.lib.fields import (
    IdChoiceField,
    IdMultipleChoiceField,
    has_integer_ids,
    ids_in,
    is_id,
    is_integer_column,
)
from dxportal.lib.japanese_dates import JapaneseDateField, JapaneseSplitDateTimeField
from dxportal.lib.params import clean_query, without_control_characters

# Django's own form class for each kind of date column (none for DateField: its formfield()
# chooses forms.DateField), which the Japanese one replaces unless an admin chose another.
JAPANESE_DATE_FIELDS = {
    models.DateField: (None, JapaneseDateField),
    models.DateTimeField: (forms.SplitDateTimeField, JapaneseSplitDateTimeField),
}


# Django's form class for columns that choose rows, which the one that checks ids first replaces:
# an id past 2**63 - 1 overflowed SQLite (a 500) where many rows are chosen.
ID_FIELDS = {
    models.ForeignKey: (None, IdChoiceField),
    models.OneToOneField: (None, IdChoiceField),
    models.ManyToManyField: (None, IdMultipleChoiceField),
}


def use_portal_fields(formfield_overrides: dict) -> None:
    """Point an admin's date and date-time columns at the Japanese form fields, and its columns
    that choose rows at the fields that check ids first, keeping the admin's widgets (the
    calendar, the clock, the selectors) and any form class an admin chose for itself."""
    for db_field, (default, portal) in {**JAPANESE_DATE_FIELDS, **ID_FIELDS}.items():
        overrides = formfield_overrides.setdefault(db_field, {})
        if overrides.get("form_class", default) is default:
            overrides["form_class"] = portal


class CleanQueryChangeList(ChangeList):
    """An admin list that never hands the database a control character or an impossible date."""

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        # Replacing request.GET (not just this list's copy) keeps the search box, the filters'
        # links and "clear all filters" consistent with what was actually filtered.
        request.GET = clean_query(request.GET)
        super().__init__(request, *args, **kwargs)

    def get_filters(self, request: HttpRequest) -> tuple:
        try:
            return super().get_filters(request)
        except OverflowError as error:
            # Django turns a bad date_hierarchy year into IncorrectLookupParameters only for
            # ValueError; datetime(10**30, 1, 1) and 9999-12-31 + 1 day raise OverflowError.
            raise IncorrectLookupParameters(error) from error


class CleanQueryAdminMixin:
    """For every ModelAdmin: its list (filters, search `q`, date hierarchy) without NUL & co.

    psycopg2 refuses a NUL in a string ("A string literal cannot contain NUL (0x00)
    characters"), so `?status__exact=%00` was a 500 on PostgreSQL. The cleaning sits in the
    ChangeList because every reader of a list's query string builds one: the list itself, its
    actions and import-export's export of the filtered rows. The autocomplete widgets' `term`
    never reaches a ChangeList, so the search is cleaned as well.

    Its date fields, and its inlines', read 2023/6/2, 令和5年6月2日 and R5.6.2 and refuse
    06/02/2023 (dxportal/lib/japanese_dates.py); its fields that choose rows check the ids
    before any query (dxportal/lib/fields.py). That is done to formfield_overrides once
    ModelAdmin has merged Django's defaults into it, so an admin that sets formfield_overrides
    of its own keeps them, and an inline (not a subclass of this) gets the same.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        use_portal_fields(self.formfield_overrides)

    def get_inline_instances(self, request: HttpRequest, obj=None) -> list:
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            use_portal_fields(inline.formfield_overrides)
        return inlines

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return CleanQueryChangeList

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        return super().get_search_results(
            request, queryset, without_control_characters(search_term)
        )

    # The list's POSTs name rows by id too: the rows an action is for, and the rows edited in
    # the list. An id no row can have is left out before Django looks the rows up (as a row that
    # does not exist is): past 2**63 - 1 it was a 500 on SQLite.

    def response_action(self, request: HttpRequest, queryset: QuerySet):
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if has_integer_ids(self.model) and ids_in(selected) != selected:
            request.POST = request.POST.copy()
            request.POST.setlist(ACTION_CHECKBOX_NAME, ids_in(selected))
        return super().response_action(request, queryset)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        """?body=3 on an add page fills the field in; an impossible id fills nothing in."""
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                column = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if not column.concrete or not column.is_relation or not is_integer_column(column):
                continue
            if isinstance(value, list):
                initial[name] = ids_in(value)
            elif not is_id(value):
                del initial[name]
        return initial

    # Django's own (private) step that reads the edited rows' ids from the POST; a test checks
    # that Django still has it (tests/dxportal/test_admin_form_ids.py).
    def _get_edited_object_pks(self, request: HttpRequest, prefix: str) -> list[str]:
        pks = super()._get_edited_object_pks(request, prefix)
        return ids_in(pks) if has_integer_ids(self.model) else pks
