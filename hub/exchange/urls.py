from django.urls import path

from hub.exchange import follow_views, request_views, views

app_name = "exchange"

urlpatterns = [
    path("challenges/", views.challenge_list, name="challenges"),
    path("challenges/export.csv", views.challenge_csv, name="challenges_csv"),
    path("challenges/new/", views.challenge_create, name="challenge_create"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge"),
    path("challenges/<int:pk>/edit/", views.challenge_edit, name="challenge_edit"),
    path("collaborations/", request_views.collaboration_list, name="collaborations"),
    path("collaborations/<int:pk>/", request_views.collaboration_detail, name="collaboration"),
    path("collaborations/requests/", request_views.request_list, name="requests"),
    path("collaborations/requests/new/", request_views.request_new, name="request_new"),
    path("collaborations/requests/<int:pk>/", request_views.request_detail, name="request"),
    path("follows/", follow_views.follows, name="follows"),
    path("follows/add/", follow_views.follow, name="follow"),
    path("follows/<int:pk>/delete/", follow_views.unfollow, name="unfollow"),
    path("digest/unsubscribe/<str:token>/", follow_views.unsubscribe, name="unsubscribe"),
]
