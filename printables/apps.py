from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintablesConfig(AppConfig):
    name = "printables"
    verbose_name = _("Printables")
