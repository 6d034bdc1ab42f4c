"""The change log's pages. Mounted at the site root: /changes/ and /changes.csv (like /members.csv)."""

from django.urls import path

from hub.core import log_views

app_name = "core"

urlpatterns = [
    path("changes/", log_views.changes, name="changes"),
    path("changes.csv", log_views.changes_csv, name="changes_csv"),
]
