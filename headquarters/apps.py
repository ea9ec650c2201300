from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class HeadquartersConfig(AppConfig):
    """The headquarters: bodies, departments, posts, people, the charter and meetings."""

    name = "headquarters"
    verbose_name = "DX推進本部"

    def ready(self) -> None:
        from dxportal.lib.pagecache import bump_content_version
        from headquarters import generators

        generators.register_all()
        # Cached public pages (the meeting pages) show this app's data: any change renews them.
        for model in self.get_models():
            post_save.connect(bump_content_version, sender=model, weak=False)
            post_delete.connect(bump_content_version, sender=model, weak=False)
