"""Admin lists that never hand the database a control character or an impossible date."""

from __future__ import annotations

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest

from dxportal.lib.params import clean_query, without_control_characters


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
    """

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return CleanQueryChangeList

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        return super().get_search_results(
            request, queryset, without_control_characters(search_term)
        )
