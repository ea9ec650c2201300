from django.apps import AppConfig


class DxportalConfig(AppConfig):
    """Project-wide templates tags and views that no app owns."""

    name = "dxportal"
    verbose_name = "DXポータル"
