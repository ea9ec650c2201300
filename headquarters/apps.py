from django.apps import AppConfig


class HeadquartersConfig(AppConfig):
    """The headquarters: bodies, departments, posts, people, the charter and meetings."""

    name = "headquarters"
    verbose_name = "DX推進本部"

    def ready(self) -> None:
        from headquarters import generators

        generators.register_all()
