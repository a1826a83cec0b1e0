from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "parindex.reports"
    verbose_name = _("Báo cáo CCHC định kỳ")

    def ready(self) -> None:
        # The scorecard suggests the on-time rate where a criterion asks for it; assessments sits
        # below reports and learns of it here.
        from parindex.assessments import suggestions

        from .consolidation import scorecard_suggestion

        suggestions.register("reports.on_time", scorecard_suggestion)
