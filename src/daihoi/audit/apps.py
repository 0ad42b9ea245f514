from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "daihoi.audit"
    label = "audit"
    verbose_name = "Nhật ký"

    def ready(self) -> None:
        from daihoi.audit import checks  # noqa: F401 - registers the system checks
