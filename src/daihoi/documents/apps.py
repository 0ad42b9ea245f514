from typing import Any

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "daihoi.documents"
    label = "documents"
    verbose_name = "Văn kiện"

    def ready(self) -> None:
        # Imported here, not at the top: models may be imported only once the apps are loaded.
        from daihoi.congress import slots
        from daihoi.congress.models import Congress
        from daihoi.documents.access import documents_visible_to
        from daihoi.documents.selectors import deadline_events, document_states, summary_due_state

        def overview(user: Any, congress: Congress) -> list[Any]:
            return list(document_states(list(documents_visible_to(user, congress))))

        slots.documents_overview.provide(overview)
        slots.document_events.provide(deadline_events)
        slots.summary_due.provide(summary_due_state)
