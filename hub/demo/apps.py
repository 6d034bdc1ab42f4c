from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Made-up projects and M&E reporting for trying the hub: never part of the reference dataset."""

    name = "hub.demo"
    label = "demo"
    verbose_name = _("Demo data")
