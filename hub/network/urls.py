from django.urls import path

from hub.network import edit_views, governance, views

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.members, name="members"),
    path("members.csv", views.members_csv, name="members_csv"),
    path("members/<slug:slug>/", views.member, name="member"),
    path("countries/", views.countries, name="countries"),
    path("countries/<str:code>/", views.country, name="country"),
    path("governance/", governance.governance, name="governance"),
    # --- write pages (edit_views): member profiles and the Secretariat's registry keeping ---
    path("members/<slug:slug>/edit/", edit_views.member_edit, name="member_edit"),
    path("members/<slug:slug>/memberships/add/", edit_views.membership_add, name="membership_add"),
    path("members/<slug:slug>/memberships/<int:pk>/edit/", edit_views.membership_edit, name="membership_edit"),
    path("members/<slug:slug>/memberships/<int:pk>/delete/", edit_views.membership_delete, name="membership_delete"),
    path("governance/terms/add/", edit_views.role_term_add, name="role_term_add"),
    path("governance/terms/<int:pk>/edit/", edit_views.role_term_edit, name="role_term_edit"),
    path("governance/terms/<int:pk>/delete/", edit_views.role_term_delete, name="role_term_delete"),
    path("registry/", edit_views.registry, name="registry"),
    path("registry/members/add/", edit_views.member_add, name="member_add"),
    path("organisations/add/", edit_views.organisation_add, name="organisation_add"),
    path("organisations/<slug:slug>/edit/", edit_views.organisation_edit, name="organisation_edit"),
    path("countries/<str:code>/edit/", edit_views.country_edit, name="country_edit"),
]
