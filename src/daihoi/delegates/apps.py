from django.apps import AppConfig


class DelegatesConfig(AppConfig):
    name = "daihoi.delegates"
    label = "delegates"
    verbose_name = "Đại biểu"
