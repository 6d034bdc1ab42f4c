from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hub.core"
    label = "core"

    def ready(self) -> None:
        from hub.core import links  # noqa: F401  (remembers each request's address for absolute links)
