from django.urls import path

from hub.network import views

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
]
