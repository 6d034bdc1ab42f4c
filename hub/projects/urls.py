from django.urls import path

from hub.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("export.csv", views.project_csv, name="export_csv"),
    path("new/", views.project_create, name="create"),
    path("import/", views.project_import, name="import"),
    path("<slug:slug>/", views.project_detail, name="project"),
    path("<slug:slug>/edit/", views.project_edit, name="edit"),
]
