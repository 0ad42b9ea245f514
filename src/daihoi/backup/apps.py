from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "daihoi.backup"
    label = "backup"
    verbose_name = "Sao lưu"
