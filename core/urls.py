from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("beheer/toegangslog/", views.access_log_view, name="access_log"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility"),
    path("privacyverklaring/", views.privacy_statement, name="privacy"),
]
