from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualConfig(AppConfig):
    name = "parindex.annual"
    verbose_name = _("Báo cáo Chỉ số CCHC hằng năm")

    def ready(self) -> None:
        from parindex.results import verification

        from .building import recognise

        if recognise not in verification.RECOGNISERS:
            verification.RECOGNISERS.append(recognise)
