"""Each views module owns its routes; this joins them under the `results` namespace."""

from .views import admin, exports, public

app_name = "results"

urlpatterns = [*public.urlpatterns, *exports.urlpatterns, *admin.urlpatterns]
