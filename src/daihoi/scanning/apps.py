from django.apps import AppConfig


class ScanningConfig(AppConfig):
    name = "daihoi.scanning"
    label = "scanning"
    verbose_name = "Quét phiếu bầu"

    def ready(self) -> None:
        # Imported here, not at the top: models may be imported only once the apps are loaded.
        from daihoi.elections import slots
        from daihoi.scanning.minutes import rulings_for_minutes

        slots.scan_rulings.provide(rulings_for_minutes)
