from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "parindex.plans"
    verbose_name = _("Kế hoạch CCHC")

    def ready(self) -> None:
        # The scorecard suggests the completion rate where a criterion asks for it; assessments
        # sits below plans and learns of it here.
        from parindex.assessments import suggestions

        from .tracking import scorecard_suggestion

        suggestions.register("plans.completion_rate", scorecard_suggestion)
