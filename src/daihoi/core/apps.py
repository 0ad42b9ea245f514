from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "daihoi.core"
    label = "core"
    verbose_name = "Chung"

    def ready(self) -> None:
        # The empty choice of every select: Django's own label is English and has no Vietnamese
        # translation; ours is in our catalogue.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("— Chọn —")
