from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "hub.projects"
    label = "projects"
    verbose_name = _("Projects")
    reference_loader = "hub.projects.reference.load_reference"
