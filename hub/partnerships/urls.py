from django.urls import path

from hub.partnerships import exports, views, views_write

app_name = "partnerships"

# Fixed paths first: a partnership's slug never takes one of these (services reserve them).
urlpatterns = [
    path("", views.partnerships, name="list"),
    path("new/", views_write.partnership_create, name="partnership_create"),
    path("export/<str:name>.<str:fmt>", exports.download, name="export"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<slug:slug>/", views.programme, name="programme"),
    path("opportunities/", views.opportunities, name="opportunities"),
    path("opportunities/new/", views_write.opportunity_create, name="opportunity_create"),
    path("opportunities/<slug:slug>/", views.opportunity, name="opportunity"),
    path("opportunities/<slug:slug>/edit/", views_write.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<slug:slug>/follow/", views_write.opportunity_follow, name="opportunity_follow"),
    path("opportunities/<slug:slug>/interest/", views_write.express_interest, name="express_interest"),
    path("opportunities/<slug:slug>/step/<str:action>/", views_write.opportunity_step, name="opportunity_step"),
    path("interests/<int:pk>/", views.interest, name="interest"),
    path("interests/<int:pk>/reply/", views_write.interest_reply, name="interest_reply"),
    path("investment/", views.investment_page, name="investment"),
    path("partner/", views.my_partner_page, name="my_partner"),
    path("partner/<slug:slug>/", views.partner_page, name="partner"),
    path("assessments/<int:pk>/", views_write.assessment, name="assessment"),
    path("assessments/new/<slug:slug>/", views_write.assessment_create, name="assessment_create"),
    path("financing/<str:kind>/<slug:slug>/", views_write.financing_add, name="financing_add"),
    path("<slug:slug>/", views.partnership, name="partnership"),
    path("<slug:slug>/edit/", views_write.partnership_edit, name="partnership_edit"),
]
