from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "daihoi.personnel"
    label = "personnel"
    verbose_name = "Nhân sự"
