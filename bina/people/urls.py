from bina.people.urls_import import urlpatterns as import_urlpatterns

app_name = "people"
urlpatterns: list = [*import_urlpatterns]
