app_name = "game"
urlpatterns: list = []
