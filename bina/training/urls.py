"""Training pages, grouped by part of the workflow (each group in its own module)."""

from bina.training.urls_attendance import urlpatterns as attendance_urls
from bina.training.urls_catalogue import urlpatterns as catalogue_urls
from bina.training.urls_classes import urlpatterns as class_urls
from bina.training.urls_learning import urlpatterns as learning_urls

app_name = "training"
urlpatterns: list = [*catalogue_urls, *class_urls, *attendance_urls, *learning_urls]
