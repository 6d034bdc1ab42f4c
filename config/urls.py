from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("hub.accounts.urls")),
    path("", include("hub.core.urls")),
    path("projects/", include("hub.projects.urls")),
    path("monitoring/", include("hub.monitoring.urls")),
    path("meetings/", include("hub.meetings.urls")),
    path("", include("hub.plans.urls")),
    path("", include("hub.exchange.urls")),
    path("partnerships/", include("hub.partnerships.urls")),
    path("search/", include("hub.search.urls")),
    path("jobs/", include("hub.jobs.urls")),
    path("", include("hub.network.urls")),
    path("", include("hub.opendata.urls")),
]
