from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    """The 青森県DX総合窓口 and its consultation requests (built in a later issue)."""

    name = "consultations"
    verbose_name = "DX総合窓口"

    def ready(self) -> None:
        from consultations import generators

        generators.register_all()
