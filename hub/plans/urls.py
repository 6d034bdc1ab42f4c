from django.urls import path

from hub.plans import views

app_name = "plans"

urlpatterns = [
    path("members/<slug:slug>/action-plan/", views.plan, name="plan"),
    path("members/<slug:slug>/action-plan/edit/", views.plan_edit, name="plan_edit"),
    path("members/<slug:slug>/action-plan/targets/add/", views.target_form, name="target_add"),
    path("members/<slug:slug>/action-plan/targets/<int:pk>/edit/", views.target_form, name="target_edit"),
]
