from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitatorConfig(AppConfig):
    name = "facilitator"
    verbose_name = _("Facilitator")
