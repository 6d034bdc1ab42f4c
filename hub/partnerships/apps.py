from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "hub.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships and investment")
    # After the registry's, the projects' and the meetings' loaders (INSTALLED_APPS order): it links to them.
    reference_loader = "hub.partnerships.reference.load_reference"

    def ready(self):
        # The M&E report's section on investment (hub/partnerships/report.py): monitoring reads it from its
        # registry and never imports this app.
        from hub.partnerships.report import register_section

        register_section()
