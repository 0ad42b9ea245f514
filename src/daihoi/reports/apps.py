from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "daihoi.reports"
    label = "reports"
    verbose_name = "Văn bản của Đại hội"
