from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "bina.demo"
    label = "demo"
    verbose_name = "Demo data"
