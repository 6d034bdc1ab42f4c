from django.urls import path

from hub.network import views

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.members, name="members"),
    path("members.csv", views.members_csv, name="members_csv"),
    path("members/<slug:slug>/", views.member, name="member"),
    path("countries/", views.countries, name="countries"),
    path("countries/<str:code>/", views.country, name="country"),
    path("governance/", views.governance, name="governance"),
]
