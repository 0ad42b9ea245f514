from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "daihoi.site"
    label = "site"
    verbose_name = "Trang chung"
