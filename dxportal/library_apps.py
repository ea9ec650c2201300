"""The libraries' apps under Japanese names (their admin pages' headings and breadcrumbs), as
Django lets a project rename an app: a subclass of its AppConfig named in INSTALLED_APPS."""

from axes.apps import AppConfig as AxesAppConfig
from django_tasks_db.apps import TasksAppConfig


class SignInRecordsConfig(AxesAppConfig):
    verbose_name = "ログインの記録"


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = "バックグラウンド処理"
