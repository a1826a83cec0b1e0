"""Each views module owns its routes; this joins them under the `assessments` namespace."""

from .views import evidence, periods, scorecard

app_name = "assessments"

urlpatterns = [*periods.urlpatterns, *scorecard.urlpatterns, *evidence.urlpatterns]
