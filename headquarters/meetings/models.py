"""Meetings of any body: 次第, materials, attendance by post, directives and minutes."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from dxportal.lib.fiscal import fiscal_year
from dxportal.lib.pdf_files import validate_pdf_upload
from dxportal.lib.stored_files import ContentAddressedFileField


class MeetingQuerySet(models.QuerySet):
    def public(self) -> MeetingQuerySet:
        """Meetings the public may see: marked public, of a public body, with a published edition."""
        published = Edition.objects.published().filter(meeting=models.OuterRef("pk"))
        return self.filter(is_public=True, body__is_public=True).filter(models.Exists(published))

    def in_fiscal_year(self, year: int) -> MeetingQuerySet:
        return self.filter(
            date__gte=datetime.date(year, 4, 1), date__lt=datetime.date(year + 1, 4, 1)
        )


class Meeting(models.Model):
    """第N回 of a body's meeting: when, where, and whether it is public."""

    body = models.ForeignKey(
        "headquarters.Body",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("会議体"),
    )
    number = models.PositiveSmallIntegerField(_("回"))
    title = models.CharField(
        _("会議名"), max_length=200, help_text=_("例: 第1回青森県DX推進本部会議")
    )
    date = models.DateField(_("開催日"))
    starts_at = models.TimeField(_("開始時刻"), null=True, blank=True)
    ends_at = models.TimeField(_("終了時刻"), null=True, blank=True)
    place = models.CharField(_("場所"), max_length=200)
    is_public = models.BooleanField(
        _("公開"),
        default=False,
        help_text=_("「公開する」操作で公開版を作ると公開になります。"),
    )
    minutes = models.TextField(_("議事概要"), blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("会議")
        verbose_name_plural = _("会議")
        ordering = ["-date", "body", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"],
                name="headquarters_meeting_unique_number_per_body",
                violation_error_message=_(
                    "この組織には同じ回の会議がすでに登録されています。回を確かめてください。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="headquarters_meeting_ends_after_start",
                violation_error_message=_("終了時刻は開始時刻より後にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.date)


class AgendaItem(models.Model):
    """A line of the 次第: 開会, 議題 (numbered ① ② under it), 本部長指示事項, 閉会 …."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("開会")
        TOPICS = "topics", _("議題")
        TOPIC = "topic", _("議題の項目")
        REPORT = "report", _("報告")
        DIRECTIVES = "directives", _("本部長指示事項")
        CLOSING = "closing", _("閉会")
        OTHER = "other", _("その他")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("会議")
    )
    order = models.PositiveSmallIntegerField(_("表示順"))
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("番号"), max_length=10, blank=True, help_text=_("例: 1、①"))
    title = models.CharField(_("項目"), max_length=200)

    class Meta:
        verbose_name = _("次第")
        verbose_name_plural = _("次第")
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def is_sub_item(self) -> bool:
        return self.kind == self.Kind.TOPIC


class MaterialQuerySet(models.QuerySet):
    def public(self) -> MaterialQuerySet:
        return self.filter(is_public=True)


class Material(models.Model):
    """A numbered material (資料1, 資料2-1, 参考資料): generated from portal data or an uploaded PDF."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="materials", verbose_name=_("会議")
    )
    order = models.PositiveSmallIntegerField(_("表示順"))
    label = models.CharField(
        _("資料番号"), max_length=20, help_text=_("例: 資料1、資料2-1、参考資料")
    )
    title = models.CharField(_("資料名"), max_length=200)
    generator = models.CharField(
        _("自動作成する内容"),
        max_length=50,
        blank=True,
        help_text=_("ポータルのデータから作る資料の種類。PDFを添付する場合は空欄"),
    )
    file = ContentAddressedFileField(
        _("PDFファイル"),
        upload_to="materials/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_upload],
    )
    is_public = models.BooleanField(_("公開"), default=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("資料")
        verbose_name_plural = _("資料")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "label"],
                name="headquarters_material_unique_label",
                violation_error_message=_(
                    "この会議には同じ資料番号の資料がすでにあります。資料番号を変えてください。"
                ),
            ),
            models.CheckConstraint(
                condition=(Q(generator="") & ~Q(file="")) | (~Q(generator="") & Q(file="")),
                name="headquarters_material_generated_or_uploaded",
                violation_error_message=_(
                    "「自動作成する内容」を選ぶか、PDFファイルを添付してください（どちらか一方）。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def is_generated(self) -> bool:
        return bool(self.generator)


class Attendance(models.Model):
    """Who attended in a post's seat: present, absent, or a deputy in their place (代理出席)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("出席")
        ABSENT = "absent", _("欠席")
        DEPUTY = "deputy", _("代理出席")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("会議")
    )
    post = models.ForeignKey(
        "headquarters.Post",
        on_delete=models.PROTECT,
        related_name="attendance",
        verbose_name=_("職"),
    )
    status = models.CharField(_("出欠"), max_length=10, choices=Status.choices)
    deputy_name = models.CharField(
        _("代理出席者"), max_length=100, blank=True, help_text=_("代理出席のとき、出席者の職・氏名")
    )

    class Meta:
        verbose_name = _("出欠")
        verbose_name_plural = _("出欠")
        ordering = ["meeting", "post__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "post"],
                name="headquarters_attendance_once_per_post",
                violation_error_message=_(
                    "この職の出欠はすでに登録されています。1つの職につき1行にしてください。"
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="deputy") | ~Q(deputy_name=""),
                name="headquarters_attendance_deputy_named",
                violation_error_message=_("代理出席のときは、代理出席者を入力してください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post}: {self.get_status_display()}"


class Directive(models.Model):
    """A 本部長指示事項: the department responsible, its due date, and its status to closure."""

    class Status(models.TextChoices):
        OPEN = "open", _("未着手")
        IN_PROGRESS = "in_progress", _("対応中")
        DONE = "done", _("完了")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="directives", verbose_name=_("指示した会議")
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    text = models.TextField(_("指示事項"))
    department = models.ForeignKey(
        "headquarters.Department",
        on_delete=models.PROTECT,
        related_name="directives",
        verbose_name=_("担当部局"),
    )
    due_on = models.DateField(_("期限"), null=True, blank=True)
    status = models.CharField(_("状況"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reported_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_directives",
        verbose_name=_("報告した会議"),
    )
    report = models.TextField(_("対応状況の報告"), blank=True)

    class Meta:
        verbose_name = _("本部長指示事項")
        verbose_name_plural = _("本部長指示事項")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class EditionQuerySet(models.QuerySet):
    def published(self) -> EditionQuerySet:
        return self.filter(status=Edition.Status.PUBLISHED)


class Edition(models.Model):
    """A published edition (公開版) of a meeting: its materials frozen as they were published.

    Publishing renders every document once, in the task worker, and stores its bytes; the public
    pages and downloads serve those bytes and never draw a material again. A replacement (差替え)
    is a new edition with a reason; the earlier ones stay as they were.
    """

    class Status(models.TextChoices):
        RENDERING = "rendering", _("作成中")
        PUBLISHED = "published", _("公開済み")
        FAILED = "failed", _("作成失敗")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="editions", verbose_name=_("会議")
    )
    number = models.PositiveSmallIntegerField(_("版"))
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.RENDERING
    )
    reason = models.CharField(
        _("差替えの理由"), max_length=200, blank=True, help_text=_("第2版以降は必ず入力します。")
    )
    published_on = models.DateField(_("公開日"), null=True, blank=True)
    is_current = models.BooleanField(
        _("現在の版"), default=False, help_text=_("会議のページとダウンロードが示す版")
    )
    requested_at = models.DateTimeField(_("公開の指示日時"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("公開を指示した職員"),
    )
    error = models.TextField(_("作成できなかった理由"), blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("公開版")
        verbose_name_plural = _("公開版")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="headquarters_edition_unique_number",
                violation_error_message=_("この会議には同じ番号の版がすでにあります。"),
            ),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""),
                name="headquarters_edition_replacement_has_reason",
                violation_error_message=_("差替えの理由を入力してください。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="headquarters_edition_published_has_date",
                violation_error_message=_("公開した版には公開日が必要です。"),
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(is_current=True),
                name="headquarters_edition_one_current_per_meeting",
                violation_error_message=_("現在の版は1つの会議につき1つだけです。"),
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(status="published"),
                name="headquarters_edition_current_is_published",
                violation_error_message=_("現在の版にできるのは公開した版だけです。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.label}"

    @property
    def label(self) -> str:
        return f"第{self.number}版"

    @property
    def is_replacement(self) -> bool:
        return self.number > 1

    @cached_property
    def documents(self) -> dict:
        """Its files by kind (packet, agenda, members_packet) and its materials in order."""
        files = list(self.files.all())
        documents = {file.kind: file for file in files if file.kind != EditionFile.Kind.MATERIAL}
        documents["materials"] = [f for f in files if f.kind == EditionFile.Kind.MATERIAL]
        return documents


class EditionFile(models.Model):
    """One frozen document of an edition: the packet, the members' packet, the 次第 or a material.

    The bytes are stored once under a name made of their SHA-256, so a stored file never changes;
    a private file (a private material, the members' packet) lives apart from public ones and is
    served only to signed-in staff and officials.
    """

    class Kind(models.TextChoices):
        PACKET = "packet", _("資料一式")
        MEMBERS_PACKET = "members_packet", _("全資料版（非公開資料を含む）")
        AGENDA = "agenda", _("次第")
        MATERIAL = "material", _("資料")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="files", verbose_name=_("公開版")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    material = models.ForeignKey(
        Material,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edition_files",
        verbose_name=_("資料"),
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    label = models.CharField(_("資料番号"), max_length=20, blank=True)
    title = models.CharField(_("資料名"), max_length=200)
    is_public = models.BooleanField(_("公開"))
    body_html = models.TextField(
        _("ウェブ版の本文"), blank=True, help_text=_("自動作成した資料の、公開時点の本文")
    )
    storage_name = models.CharField(_("保存名"), max_length=200)
    filename = models.CharField(_("ダウンロード時のファイル名"), max_length=300)
    pages = models.PositiveIntegerField(_("ページ数"))
    size = models.PositiveIntegerField(_("バイト数"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("公開版の文書")
        verbose_name_plural = _("公開版の文書")
        ordering = ["edition", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "kind"],
                condition=~Q(kind="material"),
                name="headquarters_editionfile_one_of_each_kind",
                violation_error_message=_("この版には同じ種類のファイルがすでにあります。"),
            ),
            models.UniqueConstraint(
                fields=["edition", "material"],
                condition=Q(kind="material"),
                name="headquarters_editionfile_one_per_material",
                violation_error_message=_("この版にはこの資料のファイルがすでにあります。"),
            ),
            models.CheckConstraint(
                condition=~Q(kind="members_packet") | Q(is_public=False),
                name="headquarters_editionfile_members_packet_private",
                violation_error_message=_("委員用の資料一式は公開できません。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} {self.label or self.get_kind_display()} {self.title}"

    @property
    def ascii_filename(self) -> str:
        """A plain name for clients that cannot read the Japanese one (RFC 6266 fallback)."""
        suffix = f"material-{self.material_id}" if self.kind == self.Kind.MATERIAL else self.kind
        return f"meeting-{self.edition.meeting_id}-v{self.edition.number}-{suffix}.pdf"
