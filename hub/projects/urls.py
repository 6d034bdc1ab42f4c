from django.urls import path

from hub.projects import indicator_views, views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("export.csv", views.project_csv, name="export_csv"),
    path("new/", views.project_create, name="create"),
    path("import/", views.project_import, name="import"),
    path("indicators/<int:pk>/edit/", indicator_views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", indicator_views.indicator_delete, name="indicator_delete"),
    path("<slug:slug>/", views.project_detail, name="project"),
    path("<slug:slug>/indicators/new/", indicator_views.indicator_add, name="indicator_add"),
    path("<slug:slug>/edit/", views.project_edit, name="edit"),
]
