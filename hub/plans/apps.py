from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "hub.plans"
    label = "plans"
    verbose_name = _("Smart City Action Plans")
    reference_loader = "hub.plans.reference.load_reference"
