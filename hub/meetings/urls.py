from django.urls import path

from hub.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/minutes.pdf", views.meeting_minutes, name="minutes"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/delete/", views.meeting_delete, name="delete"),
    path("<int:pk>/agenda/new/", views.item_add, name="item_add"),
    path("<int:pk>/delegations/new/", views.delegation_add, name="delegation_add"),
    path("<int:pk>/participants/new/", views.participant_add, name="participant_add"),
    path("<int:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/outcomes/new/", views.outcome_add, name="outcome_add"),
    path("outcomes/<int:pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:pk>/delete/", views.outcome_delete, name="outcome_delete"),
    path("outcomes/<int:pk>/registry/", views.effects_add, name="effects_add"),
    path("actions/", views.action_list, name="actions"),
    path("actions/overdue/", views.overdue_list, name="overdue"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("delegations/<int:pk>/status/", views.attendance_status, {"kind": "delegation"}, name="delegation_status"),
    path("delegations/<int:pk>/remove/", views.attendance_remove, {"kind": "delegation"}, name="delegation_remove"),
    path("participants/<int:pk>/status/", views.attendance_status, {"kind": "participant"}, name="participant_status"),
    path("participants/<int:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("participants/<int:pk>/remove/", views.attendance_remove, {"kind": "participant"}, name="participant_remove"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("series/", views.series_list, name="series_list"),
    path("series/new/", views.series_create, name="series_create"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("series/<slug:slug>/edit/", views.series_edit, name="series_edit"),
    path("series/<slug:slug>.ics", views.series_ics, name="series_ics"),
]
