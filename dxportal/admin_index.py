"""The admin's index by task: groups of models in the order staff work through them, each model
under a plain Japanese name where its verbose name is terse (行, 項, 条, 版) or in English
(a library's). A registered model no group lists still appears, under その他.

The groups also make the admin's sidebar. An app's own page (/admin/plan/) lists its models by
app, under the same plain names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


@dataclass(frozen=True)
class Group:
    slug: str
    title: str
    description: str
    # (model label as "app_label.ModelName", its name on the index, or "" for its verbose name)
    models: tuple[tuple[str, str], ...]


GROUPS = (
    Group(
        "roster",
        "名簿・要綱",
        "推進本部の会議体と職、そこに就いている人（名簿）、県の組織、設置要綱の条文。",
        (
            ("headquarters.Post", "会議体の職（名簿）"),
            ("headquarters.Appointment", "在任（職に就いた人と任期）"),
            ("headquarters.Person", "人物"),
            ("headquarters.Body", "会議体"),
            ("headquarters.Department", "県の組織（部局・課）"),
            ("headquarters.Charter", "要綱"),
            ("headquarters.Enactment", "要綱の制定・改正"),
            ("headquarters.Article", "要綱の条"),
            ("headquarters.Paragraph", "要綱の条の項"),
            ("headquarters.ScheduleListing", "要綱の別表に載せる職"),
        ),
    ),
    Group(
        "meetings",
        "会議",
        "会議の開催予定、次第・資料・出席者の登録と公開、本部長指示事項の進み具合。",
        (
            ("headquarters.Meeting", "会議（次第・資料・出席）"),
            ("headquarters.Directive", "本部長指示事項"),
        ),
    ),
    Group(
        "plan",
        "DX推進プラン",
        "プランの本文と構成、公表した版、基本方針から施策・KPIまで、年度スケジュール、意見募集。",
        (
            ("plan.Plan", "プラン（本文・構成）"),
            ("plan.Version", "プランの公表版"),
            ("plan.Pillar", "基本方針"),
            ("plan.ActionPolicy", "取組方針"),
            ("plan.Initiative", "施策・取組"),
            ("plan.Kpi", "KPI（指標）"),
            ("plan.KpiValue", "KPIの年度ごとの目標・実績"),
            ("plan.FiscalSchedule", "年度スケジュール"),
            ("plan.Track", "年度スケジュールの行（会議体・工程ごと）"),
            ("plan.CommentPeriod", "意見募集"),
            ("plan.Comment", "寄せられた意見"),
        ),
    ),
    Group(
        "desk",
        "総合窓口",
        "相談の受付から対応の記録（フォローアップ）、完了まで。窓口の案内と支援メニュー。",
        (
            ("consultations.Consultation", "相談（対応の記録を含む）"),
            ("consultations.Desk", "相談窓口（支援メニュー）"),
            ("consultations.AccessRecord", "相談の閲覧記録"),
        ),
    ),
    Group(
        "site",
        "サイト",
        "公開サイトのお知らせ、各ページの問い合わせ先、アクセシビリティ試験の結果。",
        (
            ("dxportal.Notice", "お知らせ"),
            ("dxportal.PageContact", "ページの問い合わせ先"),
            ("dxportal.AccessibilityTestRun", "アクセシビリティ試験の結果"),
        ),
    ),
    Group(
        "accounts",
        "アカウント",
        "職員のアカウントと権限、二要素認証の端末、ログイン・操作・バックグラウンド処理の記録。",
        (
            ("auth.User", "ユーザー（職員のアカウント）"),
            ("auth.Group", "グループ（役割と権限）"),
            ("dxportal.TwoFactorDevice", "二要素認証の端末（認証アプリ）"),
            ("dxportal.SignInLockout", "ログインの失敗回数（一時停止の解除）"),
            ("dxportal.SignInFailure", "ログイン失敗の記録"),
            ("dxportal.SignInRecord", "ログイン・ログアウトの記録"),
            ("admin.LogEntry", "管理画面の操作履歴"),
            ("dxportal.BackgroundTask", "バックグラウンド処理の記録（メール・PDF）"),
        ),
    ),
)
OTHERS = Group("others", "その他", "上の分類にない項目です。", ())

PLAIN_NAMES = {label: name for group in GROUPS for label, name in group.models if name}
# Changes logged before the libraries' records had Japanese admins name the libraries' models.
PLAIN_NAMES |= {
    "otp_totp.TOTPDevice": PLAIN_NAMES["dxportal.TwoFactorDevice"],
    "axes.AccessAttempt": PLAIN_NAMES["dxportal.SignInLockout"],
    "axes.AccessFailureLog": PLAIN_NAMES["dxportal.SignInFailure"],
    "axes.AccessLog": PLAIN_NAMES["dxportal.SignInRecord"],
    "django_tasks_database.DBTaskResult": PLAIN_NAMES["dxportal.BackgroundTask"],
}


def label_of(model_dict: dict) -> str:
    return model_dict["model"]._meta.label


def named(model_dict: dict) -> dict:
    return {**model_dict, "name": PLAIN_NAMES.get(label_of(model_dict), model_dict["name"])}


def group_dict(group: Group, models: list[dict]) -> dict:
    """A group in the shape of one of Django's apps, so the sidebar's template can list it."""
    return {
        "name": group.title,
        "description": group.description,
        "app_label": group.slug,
        "app_url": f"{reverse('admin:index')}#{group.slug}",
        "has_module_perms": True,
        "models": models,
    }


def task_groups(app_list: list[dict]) -> list[dict]:
    """The models of Django's app list, regrouped by task, in each group's order; groups the
    user may see nothing of are left out."""
    by_label = {label_of(model): model for app in app_list for model in app["models"]}
    groups = []
    for group in GROUPS:
        models = [named(by_label.pop(label)) for label, _name in group.models if label in by_label]
        if models:
            groups.append(group_dict(group, models))
    if by_label:
        groups.append(group_dict(OTHERS, list(by_label.values())))
    return groups


def recent_actions(request: HttpRequest, count: int = 10) -> list[tuple[LogEntry, str]]:
    """The user's last changes in the admin, each with the plain name of what it changed."""
    entries = LogEntry.objects.filter(user_id=request.user.pk).select_related("content_type")
    actions = []
    for entry in entries[:count]:
        model = entry.content_type.model_class() if entry.content_type else None
        name = PLAIN_NAMES.get(model._meta.label, model._meta.verbose_name) if model else ""
        actions.append((entry, name))
    return actions


class TaskIndexSite(admin.AdminSite):
    """Mixed into the admin site's class by add_task_index."""

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        return super().index(
            request, {"recent_actions": recent_actions(request), **(extra_context or {})}
        )

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        app_list = super().get_app_list(request, app_label)
        if app_label:  # an app's own page: its models, by app, under the plain names
            return [
                {**app, "models": [named(model) for model in app["models"]]} for app in app_list
            ]
        return task_groups(app_list)


def add_task_index(site: admin.AdminSite) -> None:
    """Give `site` the index by task, whatever its class (AdminSite, or OTPAdminSite in production).
    The class keeps its name, as dxportal/admin.py keeps the model admins'."""
    base = site.__class__  # not type(site): admin.site is a lazy proxy of the real site
    if not issubclass(base, TaskIndexSite):
        site.__class__ = type(base.__name__, (TaskIndexSite, base), {})
