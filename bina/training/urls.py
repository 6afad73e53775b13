"""Training pages, one URL module per sub-domain (catalogue, classes, attendance, learning, external)."""

from bina.training.attendance.urls import urlpatterns as attendance_urls
from bina.training.catalogue.urls import urlpatterns as catalogue_urls
from bina.training.classes.urls import urlpatterns as class_urls
from bina.training.external.urls import urlpatterns as external_urls
from bina.training.learning.urls import urlpatterns as learning_urls

app_name = "training"
urlpatterns: list = [*catalogue_urls, *class_urls, *attendance_urls, *learning_urls, *external_urls]
