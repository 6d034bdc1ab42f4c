from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "hub.meetings"
    label = "meetings"
    verbose_name = _("Meetings")
    # Runs after the registry's and the projects' loaders (INSTALLED_APPS order): it links to their records.
    reference_loader = "hub.meetings.reference.load_reference"
