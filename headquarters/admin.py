"""Admin for the headquarters: rosters (with import/export), people, bodies and the charter."""

from __future__ import annotations

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from dxportal.lib.spreadsheets import SpreadsheetAdminMixin
from headquarters import selectors, services
from headquarters.forms import AppointmentForm, AppointmentInlineFormSet
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
    SupplementaryProvision,
)
from headquarters.resources import AppointmentResource, PostResource


class DepartmentFormerNameInline(admin.TabularInline):
    model = DepartmentFormerName
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "former_names__name"]
    autocomplete_fields = ["parent"]
    inlines = [DepartmentFormerNameInline]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
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


@admin.register(Post)
class PostAdmin(SpreadsheetAdminMixin, ImportExportModelAdmin):
    resource_classes = [PostResource]
    list_display = ["title", "body", "role", "schedule", "order", "department", "current_holders"]
    list_filter = ["body", "role", "schedule"]
    list_select_related = ["body", "department"]
    list_editable = ["order"]
    search_fields = ["title", "ex_officio", "department__name"]
    autocomplete_fields = ["department", "basis"]
    inlines = [AppointmentInline]

    def get_queryset(self, request):
        return selectors.posts_with_current_holders(super().get_queryset(request))

    @admin.display(description="現在の在任者")
    def current_holders(self, post: Post) -> str:
        return "、".join(str(a.person) for a in post.current_appointments) or "—"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "name_kana"]
    search_fields = ["name", "name_kana"]
    inlines = [PersonAppointmentInline]


@admin.register(Appointment)
class AppointmentAdmin(SpreadsheetAdminMixin, ImportExportModelAdmin):
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
class ParagraphAdmin(admin.ModelAdmin):
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
class ArticleAdmin(admin.ModelAdmin):
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
class EnactmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "effective_on"]
    list_filter = ["charter", "kind"]
    list_select_related = ["charter"]
    search_fields = ["charter__title", "note", "provisions__text"]
    inlines = [SupplementaryProvisionInline]


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ["title", "body"]
    list_select_related = ["body"]
    search_fields = ["title"]
    autocomplete_fields = ["body"]


# Meetings keep their admin in their own package; importing it registers it.
from headquarters.meetings import admin as meeting_admin  # noqa: E402, F401
