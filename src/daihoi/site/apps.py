from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The layer above every app: the home pages of each role and the derived notifications.
    Nothing below imports it."""

    name = "daihoi.site"
    label = "site"
    verbose_name = "Trang chủ"
