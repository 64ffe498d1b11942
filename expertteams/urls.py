app_name = "expertteams"

urlpatterns: list = []
