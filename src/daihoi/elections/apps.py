from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "daihoi.elections"
    label = "elections"
    verbose_name = "Bầu cử"

    def ready(self) -> None:
        # Imported here, not at the top: models may be imported only once the apps are loaded.
        from daihoi.delegates import slots
        from daihoi.elections.cell_results import differences, summons_rows

        slots.cell_differences.provide(differences)
        slots.cell_summons.provide(summons_rows)
