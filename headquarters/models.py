"""Bodies, departments, posts and the people who hold them."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from headquarters.charter import (  # noqa: F401  (re-exported so Django finds the models)
    Article,
    Charter,
    Enactment,
    Item,
    Paragraph,
    Schedule,
    ScheduleListing,
    SupplementaryProvision,
)
from headquarters.meetings.models import (  # noqa: F401  (models of this app, defined there)
    AgendaItem,
    Attendance,
    Directive,
    Edition,
    EditionFile,
    Material,
    Meeting,
)


class Department(models.Model):
    """A unit of the prefectural government (部, 局, 課, 地域県民局 …)."""

    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上位組織"),
    )
    order = models.PositiveIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("組織")
        verbose_name_plural = _("組織")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """The name with its parent's, e.g. 企画政策部DX推進課."""
        if self.parent_id is None:
            return self.name
        return f"{self.parent.name}{self.name}"

    def name_on(self, day: datetime.date) -> str:
        """The name the department had on `day`: a former name still in use then, else today's.
        Reads `former_names` through the prefetch cache when the caller prefetched it."""
        in_use = [former for former in self.former_names.all() if former.used_until >= day]
        return min(in_use, key=lambda former: former.used_until).name if in_use else self.name

    def full_name_on(self, day: datetime.date) -> str:
        """full_name as it read on `day` (企画政策部DX推進課 before a rename of either)."""
        if self.parent_id is None:
            return self.name_on(day)
        return f"{self.parent.name_on(day)}{self.name_on(day)}"

    def record_rename(self, former_name: str, renamed_on: datetime.date) -> None:
        """Keep the name used until the day before `renamed_on` (the admin calls this on a
        rename, so past pages keep the name they had)."""
        self.former_names.create(
            name=former_name, used_until=renamed_on - datetime.timedelta(days=1)
        )


class DepartmentFormerName(models.Model):
    """A name a department used to have, so a renamed department keeps its history."""

    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        related_name="former_names",
        verbose_name=_("組織"),
    )
    name = models.CharField(_("旧名称"), max_length=100)
    used_until = models.DateField(_("使用終了日"), help_text=_("この名称を使っていた最後の日"))

    class Meta:
        verbose_name = _("組織の旧名称")
        verbose_name_plural = _("組織の旧名称")
        ordering = ["department", "-used_until"]

    def __str__(self) -> str:
        return f"{self.name}（〜{self.used_until:%Y-%m-%d}）"


class BodyQuerySet(models.QuerySet):
    def public(self) -> BodyQuerySet:
        return self.filter(is_public=True)


class Body(models.Model):
    """A body of the 推進体制: 本部, 本部会議, 幹事会, 分科会, committees, the desk."""

    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("本部")
        PLENARY = "plenary", _("本部会議")
        STEERING = "steering", _("幹事会")
        SUBCOMMITTEE = "subcommittee", _("分科会")
        COMMITTEE = "committee", _("委員会")
        DESK = "desk", _("窓口")

    class Relation(models.TextChoices):
        INTERNAL = "internal", _("内部組織")
        EXTERNAL = "external", _("外部組織")
        COOPERATING = "cooperating", _("連携組織")

    name = models.CharField(_("名称"), max_length=100)
    slug = models.SlugField(_("URL名"), max_length=50, unique=True)
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上位の会議体"),
    )
    relation = models.CharField(
        _("上位との関係"), max_length=20, choices=Relation.choices, default=Relation.INTERNAL
    )
    composition = models.CharField(
        _("構成"), max_length=200, blank=True, help_text=_("例: 庁議メンバー、外部有識者")
    )
    description = models.TextField(_("説明"), blank=True)
    managed_by = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_bodies",
        verbose_name=_("所管"),
    )
    is_public = models.BooleanField(_("公開"), default=True)
    order = models.PositiveIntegerField(_("表示順"), default=0)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("会議体")
        verbose_name_plural = _("会議体")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class PostQuerySet(models.QuerySet):
    def in_schedule(self, schedule: str) -> PostQuerySet:
        """Posts listed in one 別表 as last amended, in its order (the 別表 of a day: listings)."""
        return self.filter(schedule=schedule).order_by("order", "id")


class Post(models.Model):
    """A seat (職) on a body; people hold it for dated terms, the roster does not change."""

    class Role(models.TextChoices):
        CHIEF = "chief", _("本部長")
        DEPUTY_CHIEF = "deputy_chief", _("副本部長")
        MEMBER = "member", _("構成員")
        HEADQUARTERS_MEMBER = "hq_member", _("本部員")
        CHAIR = "chair", _("会長")
        SECRETARY = "secretary", _("幹事")
        COMMITTEE_MEMBER = "committee_member", _("委員")

    # The post's place as last amended: written only with its listing (services.save_post).
    Schedule = Schedule

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="posts", verbose_name=_("会議体")
    )
    title = models.CharField(_("職名"), max_length=100)
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("所属"),
    )
    schedule = models.CharField(
        _("別表"), max_length=10, choices=Schedule.choices, blank=True, default=Schedule.NONE
    )
    order = models.PositiveIntegerField(_("表示順"), default=0)
    ex_officio = models.CharField(
        _("充て職"),
        max_length=100,
        blank=True,
        help_text=_("この職に充てる者。例: 知事、企画政策部DX推進課長"),
    )
    basis = models.ForeignKey(
        "headquarters.Paragraph",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("根拠規定"),
    )
    seats = models.PositiveSmallIntegerField(
        _("定員"), default=1, help_text=_("同時に在任できる人数（代理を除く）")
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("職")
        verbose_name_plural = _("職")
        ordering = ["body__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "title"],
                name="headquarters_post_unique_title_per_body",
                violation_error_message=_("この組織には同じ名前の職がすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="headquarters_post_at_least_one_seat",
                violation_error_message=_("定員は1以上にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Person(models.Model):
    """Someone who holds or has held a post."""

    name = models.CharField(_("氏名"), max_length=100)
    name_kana = models.CharField(_("ふりがな"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("人物")
        verbose_name_plural = _("人物")
        ordering = ["name_kana", "name"]

    def __str__(self) -> str:
        return self.name


class AppointmentQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> AppointmentQuerySet:
        """Appointments in force on a day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)


class Appointment(models.Model):
    """A person holding a post for a dated term, as its holder or as an acting holder."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("本務")
        ACTING = "acting", _("職務代理")
        INTERIM = "interim", _("事務取扱")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("職")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("氏名")
    )
    kind = models.CharField(_("区分"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    start = models.DateField(_("就任日"))
    end = models.DateField(_("退任日"), null=True, blank=True, help_text=_("在任中は空欄"))
    note = models.CharField(_("備考"), max_length=200, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("在任")
        verbose_name_plural = _("在任")
        ordering = ["post", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="headquarters_appointment_end_not_before_start",
                violation_error_message=_("任期の終了日は開始日と同じか後の日付にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post}：{self.person}（{self.get_kind_display()}）"

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("退任日は就任日より前にできません。")})

    def overlaps(self, other: Appointment) -> bool:
        """Whether two terms share at least one day."""
        return (self.end is None or other.start <= self.end) and (
            other.end is None or self.start <= other.end
        )


def seats_error(post: Post, terms: list[Appointment]) -> ValidationError | None:
    """An error if, on some day, more regular holders than the post's seats would sit at once.

    `terms` is every term of the post as it would be saved, so that closing the old holder's term
    and adding the new holder's in one submission is judged together, not one row at a time.
    """
    regular = [t for t in terms if t.kind == Appointment.Kind.REGULAR and t.start]
    for term in regular:
        # Seat counts can only peak on a day when some term starts.
        sitting = [
            t for t in regular if t.start <= term.start and (t.end is None or t.end >= term.start)
        ]
        if len(sitting) > post.seats:
            return ValidationError(
                _(
                    "%(day)s時点の在任者が定員（%(seats)s人）を超えます。"
                    "前任者の退任日を入力してください。"
                ),
                params={"day": term.start.isoformat(), "seats": post.seats},
                code="too_many_holders",
            )
    return None
