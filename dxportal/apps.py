from django.apps import AppConfig


class DxportalConfig(AppConfig):
    """Project-wide templates tags and views that no app owns."""

    name = "dxportal"
    verbose_name = "DXポータル"

    def ready(self) -> None:
        from django.urls import register_converter

        from dxportal import public_content
        from dxportal.lib.converters import NumberConverter

        # Before any URL module is read: `<num:pk>` in every public address.
        register_converter(NumberConverter, "num")

        # Every change of data that public pages show renews the cached pages.
        public_content.connect_signals()
