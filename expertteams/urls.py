from django.urls import path

from expertteams import care_views, views

app_name = "expertteams"

urlpatterns = [
    path("casus/<str:reference>/tijdlijn/", views.timeline, name="timeline"),
    path("casus/<str:reference>/stap/nieuw/<str:kind>/", views.step_create, name="step_create"),
    path("casus/<str:reference>/stap/<int:pk>/corrigeren/", views.step_correct, name="step_correct"),
    path("acties/", views.my_actions, name="my_actions"),
    path("acties/<int:pk>/afronden/", views.action_complete, name="action_complete"),
    path("casus/<str:reference>/afsluiten/", care_views.close_case, name="close_case"),
    path(
        "casus/<str:reference>/escalatie/<int:pk>/afsluiten/",
        care_views.close_escalation,
        name="close_escalation",
    ),
    path("casus/<str:reference>/evaluatie/nieuw/", care_views.plan_review, name="plan_review"),
    path("nazorg/", care_views.my_follow_ups, name="my_follow_ups"),
    path("nazorg/<int:pk>/", care_views.record_follow_up, name="record_follow_up"),
]
