from django.urls import path

from privacy import admin_views, views

app_name = "privacy"

urlpatterns = [
    # The team, on a case.
    path("casussen/<str:reference>/inzage/", views.case_accesses_view, name="case_accesses"),
    path("casussen/<str:reference>/inzageverslag/", views.access_reports, name="access_reports"),
    path("inzageverslag/<uuid:public_id>/", views.access_report, name="access_report"),
    path(
        "inzageverslag/<uuid:public_id>/download/",
        views.access_report_download,
        name="access_report_download",
    ),
    # The administrator.
    path("", admin_views.index, name="index"),
    path("toegangslog/", admin_views.access_log, name="access_log"),
    path("bewaartermijn/", admin_views.retention_list, name="retention"),
    path("bewaartermijn/<int:pk>/", admin_views.retention_decide, name="retention_decide"),
    path("verwijderverzoeken/", admin_views.erasure_list, name="erasure_list"),
    path("verwijderverzoeken/<int:pk>/", admin_views.erasure_detail, name="erasure_detail"),
]
