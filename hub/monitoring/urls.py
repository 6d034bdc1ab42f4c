from django.urls import path

from hub.monitoring import dashboards, views

app_name = "monitoring"

urlpatterns = [
    path("", dashboards.network, name="dashboard"),
    path("country/<str:code>/", dashboards.country, name="country"),
    path("member/<slug:slug>/", dashboards.member, name="member"),
    path("report/<str:cycle>/", dashboards.report_page, name="report"),
    path("report/<str:cycle>/download/<str:fmt>/", dashboards.report_file, name="report_file"),
    path("cycles/", views.cycles, name="cycles"),
    path("cycles/<slug:slug>/<str:step>/", views.cycle_step, name="cycle_step"),
    path("late/", views.late, name="late"),
    path("updates/", views.updates, name="updates"),
    path("updates/new/", views.update_new, name="update_new"),
    path("updates/<int:update_id>/", views.update_detail, name="update"),
    path("updates/<int:update_id>/edit/", views.update_edit, name="update_edit"),
    path("updates/<int:update_id>/<str:step>/", views.update_step, name="update_step"),
]
