from django.urls import path

from accounts import user_views, views

app_name = "accounts"

urlpatterns = [
    path("account/2fa/", views.overview, name="two_factor"),
    path("account/2fa/instellen/", views.setup, name="two_factor_setup"),
    path("account/2fa/verificatie/", views.verify, name="two_factor_verify"),
    # Under account/reset/ beside Django's password reset: public, like it.
    path("account/reset/uitnodiging/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
    path("beheer/gebruikers/", user_views.user_list, name="user_list"),
    path("beheer/gebruikers/nieuw/", user_views.user_create, name="user_create"),
    path("beheer/gebruikers/<int:pk>/", user_views.user_detail, name="user_detail"),
    path("beheer/gebruikers/<int:pk>/rollen/", user_views.role_add, name="role_add"),
    path(
        "beheer/gebruikers/<int:pk>/rollen/<int:assignment_pk>/verwijderen/",
        user_views.role_remove,
        name="role_remove",
    ),
    path("beheer/gebruikers/<int:pk>/actief/", user_views.set_active, name="set_active"),
    path(
        "beheer/gebruikers/<int:pk>/tweestapsverificatie-resetten/",
        user_views.reset_two_factor,
        name="reset_two_factor",
    ),
    path("beheer/gebruikers/<int:pk>/uitnodiging/", user_views.resend_invitation, name="resend_invitation"),
]
