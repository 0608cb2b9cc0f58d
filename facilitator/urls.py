app_name = "facilitator"
urlpatterns: list = []
