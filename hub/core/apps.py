from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hub.core"
    label = "core"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from hub.core import (
            dataversion,
            fastcol,
            links,  # noqa: F401  (remembers each request's address for absolute links)
        )

        # Every statement of every connection is watched: a write changes the data version (hub/core/dataversion.py).
        connection_created.connect(dataversion.install, dispatch_uid="hub.core.dataversion")
        for connection in connections.all():
            dataversion.install(connection)
        pre_migrate.connect(dataversion.before_migrate, dispatch_uid="hub.core.dataversion.pre")
        post_migrate.connect(dataversion.after_migrate, dispatch_uid="hub.core.dataversion.post")
        # A column's identity built directly rather than through inspect (hub/core/fastcol.py).
        fastcol.install()
