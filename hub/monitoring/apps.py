from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "hub.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
    reference_loader = "hub.monitoring.reference.load_reference"
