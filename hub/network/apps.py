from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "hub.network"
    label = "network"
    verbose_name = _("Network registry")
    reference_loader = "hub.network.reference.load_reference"

    def ready(self):
        # The receivers that keep the members per country in step with every write (tallies.py).
        from hub.network import tallies  # noqa: F401
