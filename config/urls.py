from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from parindex.core.views import favicon, healthz

# A lost database connection asks the user to try again (core.views.server_error).
handler500 = "parindex.core.views.server_error"

urlpatterns = [
    path("", include("parindex.todo.urls")),
    path("", include("parindex.accounts.urls")),
    path("catalog/", include("parindex.catalog.urls")),
    path("assessments/", include("parindex.assessments.urls")),
    path("appraisal/", include("parindex.appraisal.urls")),
    path("", include("parindex.results.urls")),
    path("reports/", include("parindex.reports.urls")),
    path("audit/", include("parindex.auditlog.urls")),
    # PAR plans: /plans/… signed in, /ke-hoach/… public.
    path("", include("parindex.plans.urls")),
    path("", include("parindex.annual.urls")),
    # Visitors choose their language before logging in too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("backoffice/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
]
