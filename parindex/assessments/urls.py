"""The self-assessment's routes: signed-in pages, English paths."""

from django.urls import path

from .views import evidence, periods, scorecard

app_name = "assessments"

urlpatterns = [
    # scorecard
    path("mine/", scorecard.mine, name="mine"),
    path("<int:pk>/", scorecard.scorecard_page, name="scorecard"),
    path("<int:pk>/items/<int:criterion_pk>/", scorecard.entry_save, name="entry_save"),
    path("<int:pk>/items/<int:criterion_pk>/edit/", scorecard.entry_edit, name="entry_edit"),
    path(
        "<int:pk>/items/<int:criterion_pk>/preview/", scorecard.entry_preview, name="entry_preview"
    ),
    path(
        "<int:pk>/items/<int:criterion_pk>/history/", scorecard.entry_history, name="entry_history"
    ),
    path("<int:pk>/contents/", scorecard.contents, name="contents"),
    path(
        "<int:pk>/items/<int:criterion_pk>/explanation-needed/",
        scorecard.explanation_needed,
        name="explanation_needed",
    ),
    path("<int:pk>/submit/", scorecard.submit, name="submit"),
    path("<int:pk>/withdraw/", scorecard.withdraw, name="withdraw"),
    # evidence
    path(
        "<int:pk>/items/<int:criterion_pk>/evidence/",
        evidence.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "<int:pk>/items/<int:criterion_pk>/evidence/link/",
        evidence.evidence_link,
        name="evidence_link",
    ),
    path(
        "<int:pk>/items/<int:criterion_pk>/evidence/<int:evidence_pk>/unlink/",
        evidence.evidence_unlink,
        name="evidence_unlink",
    ),
    path("evidence/", evidence.evidence_library, name="evidence_library"),
    path("evidence/<int:pk>/", evidence.evidence_detail, name="evidence_detail"),
    path("evidence/<int:pk>/versions/", evidence.evidence_version, name="evidence_version"),
    path("evidence/files/<int:pk>/", evidence.evidence_file, name="evidence_file"),
    # periods
    path("periods/", periods.period_list, name="periods"),
    path("periods/new/", periods.period_create, name="period_create"),
    path("periods/<int:pk>/", periods.period_detail, name="period"),
    path("periods/<int:pk>/edit/", periods.period_edit, name="period_edit"),
    path(
        "periods/<int:pk>/start-appraisal/",
        periods.period_start_appraisal,
        name="period_start_appraisal",
    ),
    path(
        "periods/<int:pk>/units/<int:assessment_pk>/reopen/",
        periods.period_reopen,
        name="period_reopen",
    ),
]
