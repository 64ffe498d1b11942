from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("", views.track_list, name="track_list"),
    path("trajecten/<int:pk>/", views.track_detail, name="track_detail"),
    path(
        "trajecten/<int:track_pk>/leercasussen/nieuw/",
        views.learning_case_create,
        name="learning_case_create",
    ),
    path("trajecten/<int:track_pk>/projectgroep/", views.project_group, name="project_group"),
    path("trajecten/<int:track_pk>/rapport/", views.report_create, name="report_create"),
    path("projectgroep/<int:pk>/wijzigen/", views.meeting_edit, name="meeting_edit"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:team_pk>/bijeenkomsten/nieuw/", views.session_create, name="session_create"),
    path("bijeenkomsten/<int:pk>/", views.session_detail, name="session_detail"),
    path("bijeenkomsten/<int:pk>/wijzigen/", views.session_edit, name="session_edit"),
    path("leercasussen/<int:pk>/", views.learning_case_detail, name="learning_case_detail"),
    path("leercasussen/<int:pk>/wijzigen/", views.learning_case_edit, name="learning_case_edit"),
    path("leercasussen/<int:pk>/koppelen/", views.learning_case_link, name="learning_case_link"),
    path("koppelen/", views.link_overview, name="link_overview"),
    path("themas/", views.theme_overview, name="theme_overview"),
    path("trainingen/", views.course_list, name="course_list"),
    path("trainingen/<int:pk>/", views.course_detail, name="course_detail"),
    path("rapporten/<uuid:public_id>/", views.report_status, name="report_status"),
    path("rapporten/<uuid:public_id>/download/", views.report_download, name="report_download"),
]
