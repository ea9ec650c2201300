"""Roster import and export (CSV/XLSX) with Japanese column headers.

Two sheets make a roster: the posts (職) of each body, and the appointments (who holds which post
when). Rows are matched on their ID column, so an exported file imported again changes nothing.
A row that changes a post's place in 別表第1/第2 names the amendment by its 施行日 (改正施行日).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from dxportal.lib.spreadsheets import (
    ChoiceLabelWidget,
    JapaneseDateWidget,
    NewRowsWithoutIdMixin,
    SpreadsheetResourceMixin,
    WholeNumberWidget,
    cell_text,
)
from dxportal.lib.wareki import format_wareki
from headquarters import services
from headquarters.models import (
    Appointment,
    Body,
    Department,
    Enactment,
    Person,
    Post,
    seats_error,
)

AMENDMENT_COLUMN = "改正施行日"


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A row of another table by its name, with a Japanese message when there is none."""

    def __init__(self, model, label: str) -> None:
        self.label = label
        self.by_name: dict | None = None
        super().__init__(model, field="name")

    def forget(self) -> None:
        """Drop what one import looked up, before the next import starts."""
        self.by_name = None

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        if not name:
            return None
        if self.by_name is None:  # one query per import, not one per row
            self.by_name = {}
            for item in self.model.objects.order_by("-pk"):
                self.by_name[item.name] = item
        match = self.by_name.get(name)
        if match is None:
            raise ValueError(f"{self.label}「{name}」が登録されていません。")
        return match


class DepartmentWidget(widgets.ForeignKeyWidget):
    """A department by its full name (東青地域県民局地域連携部): several share a short name."""

    def __init__(self) -> None:
        self.departments: list[Department] | None = None
        super().__init__(Department, field="name")

    def forget(self) -> None:
        self.departments = None

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        if not name:
            return None
        if self.departments is None:  # one query per import, not one per row
            self.departments = list(Department.objects.select_related("parent"))
        departments = self.departments
        matches = [d for d in departments if d.full_name == name]
        if not matches:
            matches = [d for d in departments if d.name == name]
        if len(matches) != 1:
            problem = (
                "が登録されていません"
                if not matches
                else "が複数あります。上位組織名から入力してください"
            )
            raise ValueError(f"所属「{name}」{problem}。")
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return value.full_name if value else ""


class PostResource(SpreadsheetResourceMixin, NewRowsWithoutIdMixin, resources.ModelResource):
    """The posts of every body, one row each, in roster order."""

    export_name = "職一覧"

    id = fields.Field(attribute="id", column_name="ID", widget=WholeNumberWidget())
    body = fields.Field(
        attribute="body", column_name="会議体", widget=NamedForeignKeyWidget(Body, "会議体")
    )
    title = fields.Field(attribute="title", column_name="職名", widget=widgets.CharWidget())
    role = fields.Field(
        attribute="role", column_name="役割", widget=ChoiceLabelWidget(Post.Role.choices)
    )
    schedule = fields.Field(
        attribute="schedule", column_name="別表", widget=ChoiceLabelWidget(Post.Schedule.choices)
    )
    order = fields.Field(attribute="order", column_name="表示順", widget=WholeNumberWidget())
    department = fields.Field(attribute="department", column_name="所属", widget=DepartmentWidget())
    ex_officio = fields.Field(
        attribute="ex_officio", column_name="充て職", widget=widgets.CharWidget()
    )
    seats = fields.Field(attribute="seats", column_name="定員", widget=WholeNumberWidget())
    # Not a value of the post but the amendment a row's 別表 change is made by: always exported
    # empty, read only when the row changes a listing.
    amendment_on = fields.Field(column_name=AMENDMENT_COLUMN, widget=JapaneseDateWidget())

    class Meta:
        model = Post
        fields = ("id", "body", "title", "role", "schedule", "order", "department")
        fields += ("ex_officio", "seats", "amendment_on")
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Post.objects.select_related("body", "department").order_by(
            "body__order", "order", "id"
        )

    def save_instance(self, instance: Post, is_create: bool, row, **kwargs) -> None:
        """Save the post through the service that keeps its 別表 listing in step with it.

        Imports run in a transaction (IMPORT_EXPORT_USE_TRANSACTIONS), so a dry run's listings
        roll back with its posts.
        """
        amendment = self.amendment(instance, row) if services.listing_changes(instance) else None
        try:
            services.save_post(post=instance, amendment=amendment)
        except ValidationError as error:
            raise ValidationError(f"「{instance.title}」の行: {' '.join(error.messages)}") from None

    def amendment(self, post: Post, row) -> Enactment:
        """The 一部改正 the row names by its 施行日, or a message naming the row's post."""
        cell = row.get(AMENDMENT_COLUMN)
        try:
            effective_on = self.fields["amendment_on"].widget.clean(cell) if cell else None
        except ValueError as error:
            raise ValidationError(f"「{post.title}」の行の{AMENDMENT_COLUMN}: {error}") from None
        if effective_on is None:
            raise ValidationError(
                f"「{post.title}」の行は別表の掲載（別表・表示順・職名）を変えるため、設置要綱の"
                f"改正が必要です。「{AMENDMENT_COLUMN}」にその一部改正の施行日を入力してください。"
            )
        amendments = list(
            Enactment.objects.filter(kind=Enactment.Kind.AMENDMENT, effective_on=effective_on)[:2]
        )
        if not amendments:
            raise ValidationError(
                f"「{post.title}」の行: 施行日が{format_wareki(effective_on)}の一部改正が"
                "登録されていません。先に管理画面の「制定・改正」で登録してください。"
            )
        if len(amendments) > 1:
            raise ValidationError(
                f"「{post.title}」の行: 施行日が{format_wareki(effective_on)}の一部改正が"
                "複数あります。管理画面の職の編集画面で改正を選んでください。"
            )
        return amendments[0]


class PersonNameWidget(widgets.ForeignKeyWidget):
    """A person by name; a name seen for the first time becomes a new person.

    The names it creates are kept (`created`), so that the preview can list them: a misspelt
    name would otherwise quietly make a second person of someone already on the roster.
    """

    def __init__(self) -> None:
        self.created: list[str] = []
        super().__init__(Person, field="name")

    def forget(self) -> None:
        self.created = []

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        if not name:
            raise ValueError("氏名を入力してください。")
        person = Person.objects.filter(name=name).order_by("id").first()
        if person is None:
            person = Person.objects.create(name=name)
            self.created.append(name)
        return person


class PostWidget(widgets.ForeignKeyWidget):
    """A post by its title, narrowed by the row's 会議体 where two bodies share a title."""

    def __init__(self) -> None:
        super().__init__(Post, field="title")

    def clean(self, value, row=None, **kwargs):
        title = cell_text(value)
        body = cell_text((row or {}).get("会議体"))
        posts = Post.objects.filter(title=title)
        if body:
            posts = posts.filter(body__name=body)
        matches = list(posts[:2])
        if len(matches) == 1:
            return matches[0]
        problem = "見つかりません" if not matches else "複数あります。会議体を入力してください"
        raise ValueError(f"職名「{title}」の職が{problem}。")


class AppointmentResource(SpreadsheetResourceMixin, NewRowsWithoutIdMixin, resources.ModelResource):
    """Who holds which post, one term a row; the post is named by its body and title."""

    export_name = "在任一覧"

    id = fields.Field(attribute="id", column_name="ID", widget=WholeNumberWidget())
    body = fields.Field(attribute="post__body__name", column_name="会議体", readonly=True)
    post = fields.Field(attribute="post", column_name="職名", widget=PostWidget())
    person = fields.Field(attribute="person", column_name="氏名", widget=PersonNameWidget())
    kind = fields.Field(
        attribute="kind", column_name="区分", widget=ChoiceLabelWidget(Appointment.Kind.choices)
    )
    start = fields.Field(attribute="start", column_name="就任日", widget=JapaneseDateWidget())
    end = fields.Field(attribute="end", column_name="退任日", widget=JapaneseDateWidget())
    note = fields.Field(attribute="note", column_name="備考", widget=widgets.CharWidget())

    class Meta:
        model = Appointment
        fields = ("id", "body", "post", "person", "kind", "start", "end", "note")
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def before_save_instance(self, instance: Appointment, row, **kwargs) -> None:
        """Refuse a row that would seat more regular holders than the post has seats."""
        others = list(instance.post.appointments.exclude(pk=instance.pk))
        error = seats_error(instance.post, [*others, instance])
        if error:
            raise error

    def import_notices(self) -> list[str]:
        created = self.fields["person"].widget.created
        if not created:
            return []
        return [
            f"次の氏名は登録されていないため、新しい人物として登録します: {'、'.join(created)}。"
            "登録済みの人物の書き誤りでないか確かめてください。"
        ]

    def get_queryset(self):
        return Appointment.objects.select_related("post__body", "person").order_by(
            "post__body__order", "post__order", "start"
        )
