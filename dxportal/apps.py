from django.apps import AppConfig


class DxportalConfig(AppConfig):
    """Project-wide templates tags and views that no app owns."""

    name = "dxportal"
    verbose_name = "DXポータル"

    def ready(self) -> None:
        from dxportal import public_content

        # Every change of data that public pages show renews the cached pages.
        public_content.connect_signals()
