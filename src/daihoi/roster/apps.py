from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "daihoi.roster"
    label = "roster"
    verbose_name = "Tổ chức và đảng viên"
