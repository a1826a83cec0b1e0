from django.urls import path

from . import views

app_name = "annual"

urlpatterns = [
    path("ket-qua/<int:year>/phan-tich/", views.public_analysis, name="public_analysis"),
    path("results/publications/<int:pk>/analysis/", views.analysis, name="analysis"),
    path(
        "results/publications/<int:pk>/annual-reports/",
        views.request_report,
        name="request_report",
    ),
    path("results/annual-reports/<int:pk>/", views.report_progress, name="report"),
    *(
        path(
            f"results/annual-reports/<int:pk>/download.{kind}",
            views.download_report,
            {"kind": kind},
            name=f"report_{kind}",
        )
        for kind in views.KINDS
    ),
    path(
        "results/publications/<int:pk>/units/<slug:code>/remedies/",
        views.remedies,
        name="remedies",
    ),
    path(
        "results/publications/<int:pk>/units/<slug:code>/remedies/plan/",
        views.remedies_to_plan,
        name="remedies_plan",
    ),
    path(
        "results/publications/<int:pk>/units/<slug:code>/remedies.xlsx",
        views.remedies_xlsx,
        name="remedies_xlsx",
    ),
]
