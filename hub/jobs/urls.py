from django.urls import path

from hub.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/file/", views.job_file, name="file"),
    path("<int:pk>/subscribe/", views.subscribe, name="subscribe"),
    path("report/<str:cycle>/<str:fmt>/", views.report_job, name="report"),
]
