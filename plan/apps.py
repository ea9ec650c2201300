from django.apps import AppConfig


class PlanConfig(AppConfig):
    """The DX推進プラン, its schedule and public comment (built in a later issue)."""

    name = "plan"
    verbose_name = "DX推進プラン"
