"""The data page and the downloads: /data/, /data/<list>.<csv|xlsx|json>, /data/datapackage.zip."""

from django.urls import path

from hub.opendata import views

app_name = "opendata"

urlpatterns = [
    path("data/", views.data_page, name="data"),
    path("data/datapackage.zip", views.package_zip, name="package"),
    path("data/datapackage.json", views.package_json, name="package_json"),
    path("data/<slug:name>.<str:fmt>", views.download, name="download"),
]
