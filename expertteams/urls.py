from django.urls import path

from expertteams import views

app_name = "expertteams"

urlpatterns = [
    path("casus/<str:reference>/tijdlijn/", views.timeline, name="timeline"),
    path("casus/<str:reference>/stap/nieuw/<str:kind>/", views.step_create, name="step_create"),
    path("casus/<str:reference>/stap/<int:pk>/corrigeren/", views.step_correct, name="step_correct"),
    path("acties/", views.my_actions, name="my_actions"),
    path("acties/<int:pk>/afronden/", views.action_complete, name="action_complete"),
]
