from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import health, throttle
from expertteams.dossier import case_file_download, case_file_page

admin.site.site_header = _("Jeugdcasus – beheer")
admin.site.site_title = _("Jeugdcasus beheer")
admin.site.index_title = _("Functioneel beheer")

urlpatterns = [
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path(
        "account/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=throttle.ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("account/password_reset/", throttle.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("account/", include("django.contrib.auth.urls")),
    path("beheer/admin/", admin.site.urls),
    # The case file reads the expert team's work too, so it is served by expertteams (cases imports no app
    # to its right) under the case's own address.
    path("casussen/<str:reference>/dossier/", case_file_page, name="case_file"),
    path("casussen/<str:reference>/dossier/<uuid:public_id>/", case_file_download, name="case_file_download"),
    path("casussen/", include("cases.urls")),
    path("expertteam/", include("expertteams.urls")),
    path("subsidies/", include("subsidies.urls")),
    path("leernetwerk/", include("learning.urls")),
    path("rapportages/", include("reports.urls")),
    path("privacy/", include("privacy.urls")),
    path("", include("accounts.urls")),
    path("", include("core.urls")),
]
