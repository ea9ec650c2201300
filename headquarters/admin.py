"""Admin for the headquarters: rosters (with import/export), people, bodies and the charter."""

from __future__ import annotations

import copy

from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from import_export.admin import ImportExportModelAdmin

from dxportal.admin_links import ViewOnSiteMixin
from dxportal.lib.admin_query import CleanQueryAdminMixin
from dxportal.lib.japanese_search import JapaneseSearchMixin
from dxportal.lib.spreadsheet_admin import SpreadsheetAdminMixin
from dxportal.lib.wareki import format_wareki
from headquarters import selectors, services
from headquarters.forms import (
    AppointmentForm,
    AppointmentInlineFormSet,
    DepartmentForm,
    PersonForm,
    PostChangeListForm,
    PostForm,
)
from headquarters.models import (
    Appointment,
    Article,
    Body,
    Charter,
    Department,
    DepartmentFormerName,
    Enactment,
    Item,
    Paragraph,
    Person,
    Post,
    ScheduleListing,
    SupplementaryProvision,
)
from headquarters.resources import AppointmentResource, PostResource


class DepartmentFormerNameInline(admin.TabularInline):
    model = DepartmentFormerName
    extra = 0


@admin.register(Department)
class DepartmentAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    form = DepartmentForm
    list_display = ["name", "parent", "order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "former_names__name"]
    autocomplete_fields = ["parent"]
    inlines = [DepartmentFormerNameInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            renamed_on = form.cleaned_data.get("renamed_on") or timezone.localdate()
            obj.record_rename(form.initial["name"], renamed_on)


@admin.register(Body)
class BodyAdmin(ViewOnSiteMixin, CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "relation", "managed_by", "is_public", "order"]
    list_filter = ["kind", "relation", "is_public"]
    list_select_related = ["parent", "managed_by"]
    search_fields = ["name", "composition", "description"]
    autocomplete_fields = ["parent", "managed_by"]
    prepopulated_fields = {"slug": ["name"]}


class AppointmentInline(admin.TabularInline):
    """The terms of one post, judged together against its seats."""

    model = Appointment
    formset = AppointmentInlineFormSet
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "kind", "start", "end", "note"]


class PersonAppointmentInline(admin.TabularInline):
    """The posts one person holds or held; each term is judged against its post's other terms."""

    model = Appointment
    form = AppointmentForm
    extra = 0
    autocomplete_fields = ["post"]
    fields = ["post", "kind", "start", "end", "note"]


def listings_table(listings, *, with_post: bool = False) -> str:
    """別表 listings as a small read-only table: what was listed, from when, until when."""
    rows = [
        (
            *([listing.post] if with_post else []),
            listing.get_schedule_display(),
            listing.order,
            listing.title,
            enactment_label(listing.enacted_by),
            enactment_label(listing.repealed_by) if listing.repealed_by else "現行",
        )
        for listing in listings
    ]
    if not rows:
        return "—"
    headings = [*(["職"] if with_post else []), "別表", "表示順", "別表に掲げる職名"]
    headings += ["掲載した制定・改正", "掲載を終えた改正"]
    cells = "".join("<td>{}</td>" for _ in headings)
    return format_html(
        "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
        format_html_join("", "<th>{}</th>", ((h,) for h in headings)),
        format_html_join("", "<tr>" + cells + "</tr>", rows),
    )


def enactment_label(enactment: Enactment) -> str:
    """令和5年6月2日施行（制定）."""
    return f"{format_wareki(enactment.effective_on)}施行（{enactment.get_kind_display()}）"


@admin.register(Post)
class PostAdmin(
    JapaneseSearchMixin, CleanQueryAdminMixin, SpreadsheetAdminMixin, ImportExportModelAdmin
):
    form = PostForm
    resource_classes = [PostResource]
    list_display = ["title", "body", "role", "schedule", "order", "department", "current_holders"]
    list_filter = ["body", "role", "schedule"]
    list_select_related = ["body", "department"]
    list_editable = ["order"]
    search_fields = ["title", "ex_officio", "department__name"]
    autocomplete_fields = ["department", "basis"]
    readonly_fields = ["listing_history"]
    fieldsets = [
        (None, {"fields": ["body", "title", "role", "department", "ex_officio", "basis", "seats"]}),
        (
            "別表（設置要綱）",
            {
                "fields": ["schedule", "order", "amendment", "listing_history"],
                "description": (
                    "別表に掲げる職の追加・削除、職名・別表・表示順の変更には、"
                    "その一部改正（施行日）を選びます。施行日より前の日の別表は変わりません。"
                ),
            },
        ),
    ]
    inlines = [AppointmentInline]

    def get_queryset(self, request):
        return selectors.posts_with_current_holders(super().get_queryset(request))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A plain form field gets no "+" from the admin; staff may need to register the 改正 first.
        field = copy.deepcopy(form.base_fields["amendment"])
        field.widget = RelatedFieldWidgetWrapper(
            field.widget,
            ScheduleListing._meta.get_field("enacted_by").remote_field,
            self.admin_site,
            can_add_related=self.admin_site.get_model_admin(Enactment).has_add_permission(request),
        )
        form.base_fields["amendment"] = field
        return form

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=PostChangeListForm, **kwargs)

    def save_model(self, request, obj, form, change):
        # The service keeps the post's 別表 listing in step with it, under the chosen amendment.
        services.save_post(post=obj, amendment=form.cleaned_data.get("amendment"))

    @admin.display(description="別表への掲載の履歴")
    def listing_history(self, post: Post) -> str:
        if post.pk is None:
            return "—"
        listings = post.listings.select_related("enacted_by", "repealed_by").order_by(
            "enacted_by__effective_on", "id"
        )
        return listings_table(listings)

    @admin.display(description="現在の在任者")
    def current_holders(self, post: Post) -> str:
        return "、".join(str(a.person) for a in post.current_appointments) or "—"


@admin.register(Person)
class PersonAdmin(JapaneseSearchMixin, CleanQueryAdminMixin, admin.ModelAdmin):
    form = PersonForm
    list_display = ["name", "name_kana"]
    search_fields = ["name", "name_kana"]
    inlines = [PersonAppointmentInline]


@admin.register(Appointment)
class AppointmentAdmin(CleanQueryAdminMixin, SpreadsheetAdminMixin, ImportExportModelAdmin):
    form = AppointmentForm
    resource_classes = [AppointmentResource]
    list_display = ["post", "post_body", "person", "kind", "start", "end"]
    list_filter = ["kind", "post__body", ("end", admin.EmptyFieldListFilter)]
    list_select_related = ["post__body", "person"]
    search_fields = ["post__title", "person__name", "person__name_kana", "note"]
    autocomplete_fields = ["post", "person"]
    date_hierarchy = "start"

    @admin.display(description="会議体", ordering="post__body__order")
    def post_body(self, appointment: Appointment) -> str:
        return appointment.post.body.name


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0


@admin.register(Paragraph)
class ParagraphAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "text"]
    list_filter = ["article__charter"]
    list_select_related = ["article"]
    search_fields = ["text", "article__caption"]
    inlines = [ItemInline]


class ParagraphInline(admin.StackedInline):
    model = Paragraph
    extra = 0
    show_change_link = True
    fields = ["number", "text"]


@admin.register(Article)
class ArticleAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["label", "caption", "charter", "introduced_by", "repealed_on"]
    list_filter = ["charter", ("repealed_on", admin.EmptyFieldListFilter)]
    list_select_related = ["charter", "introduced_by__charter"]
    search_fields = ["caption", "paragraphs__text"]
    autocomplete_fields = ["introduced_by"]
    readonly_fields = ["repealed_on"]
    inlines = [ParagraphInline]

    @admin.display(description="条", ordering="number")
    def label(self, article: Article) -> str:
        return article.label

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A new version of an article takes over from the one in force before it.
        if not change:
            services.supersede_earlier_versions(form.instance)


class SupplementaryProvisionInline(admin.TabularInline):
    model = SupplementaryProvision
    extra = 0


@admin.register(Enactment)
class EnactmentAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "effective_on"]
    list_filter = ["charter", "kind"]
    list_select_related = ["charter"]
    search_fields = ["charter__title", "note", "provisions__text"]
    readonly_fields = ["listings_enacted", "listings_repealed"]
    inlines = [SupplementaryProvisionInline]

    @admin.display(description="この制定・改正で別表に掲げた職")
    def listings_enacted(self, enactment: Enactment) -> str:
        if enactment.pk is None:
            return "—"
        listings = enactment.listings_enacted.select_related("post", "enacted_by", "repealed_by")
        return listings_table(listings, with_post=True)

    @admin.display(description="この改正で別表から外した、または改めた掲載")
    def listings_repealed(self, enactment: Enactment) -> str:
        if enactment.pk is None:
            return "—"
        listings = enactment.listings_repealed.select_related("post", "enacted_by", "repealed_by")
        return listings_table(listings, with_post=True)


@admin.register(ScheduleListing)
class ScheduleListingAdmin(CleanQueryAdminMixin, admin.ModelAdmin):
    """The 別表 history, read-only: listings change only through a post and its amendment."""

    list_display = ["title", "schedule", "order", "post", "enacted_by", "repealed_by"]
    list_filter = ["schedule", ("repealed_by", admin.EmptyFieldListFilter), "enacted_by"]
    list_select_related = ["post", "enacted_by__charter", "repealed_by__charter"]
    search_fields = ["title", "post__title"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Charter)
class CharterAdmin(ViewOnSiteMixin, CleanQueryAdminMixin, admin.ModelAdmin):
    list_display = ["title", "body"]
    list_select_related = ["body"]
    search_fields = ["title"]
    autocomplete_fields = ["body"]


# Meetings keep their admin in their own package; importing it registers it.
from headquarters.meetings import admin as meeting_admin  # noqa: E402, F401
