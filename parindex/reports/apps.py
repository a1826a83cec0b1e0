from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "parindex.reports"
    verbose_name = _("Báo cáo CCHC định kỳ")
