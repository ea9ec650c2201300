from django.apps import AppConfig


class PlanConfig(AppConfig):
    """The DX推進プラン: text and versions, initiatives and KPIs, schedule, public comment."""

    name = "plan"
    verbose_name = "DX推進プラン"

    def ready(self) -> None:
        from plan import generators

        generators.register_all()
