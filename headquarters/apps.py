from django.apps import AppConfig


class HeadquartersConfig(AppConfig):
    """The headquarters: bodies, departments, posts, people and the charter."""

    name = "headquarters"
    verbose_name = "DX推進本部"
