app_name = "skm"
urlpatterns: list = []
