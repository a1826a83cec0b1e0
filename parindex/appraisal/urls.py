"""The appraisal's routes: signed-in pages, English paths."""

from django.urls import path

from .views import appraise, evidence, explanations, survey, team

app_name = "appraisal"

urlpatterns = [
    # appraise
    path("", appraise.worklist_page, name="worklist"),
    path("units/<int:pk>/", appraise.sheet_page, name="sheet"),
    path("units/<int:pk>/accept/", appraise.accept_self_scores, name="accept_self_scores"),
    path("units/<int:pk>/items/<int:criterion_pk>/", appraise.item_save, name="item_save"),
    path("units/<int:pk>/items/<int:criterion_pk>/edit/", appraise.item_edit, name="item_edit"),
    path(
        "units/<int:pk>/items/<int:criterion_pk>/history/",
        appraise.item_history,
        name="item_history",
    ),
    path(
        "units/<int:pk>/items/<int:criterion_pk>/request/",
        appraise.request_save,
        name="request_save",
    ),
    path(
        "units/<int:pk>/items/<int:criterion_pk>/request/withdraw/",
        appraise.request_withdraw,
        name="request_withdraw",
    ),
    path("units/<int:pk>/finalize/", appraise.finalize, name="finalize"),
    path("units/<int:pk>/reopen/", appraise.reopen, name="reopen"),
    path("periods/<int:pk>/progress/", appraise.progress_page, name="progress"),
    # team
    path("team/", team.period_list, name="periods"),
    path("periods/<int:pk>/team/", team.team_page, name="team"),
    path("periods/<int:pk>/team/members/", team.member_add, name="team_member_add"),
    path(
        "periods/<int:pk>/team/members/<int:member_pk>/remove/",
        team.member_remove,
        name="team_member_remove",
    ),
    path("periods/<int:pk>/team/assignments/", team.assignment_save, name="team_assignment_save"),
    path(
        "periods/<int:pk>/team/assignments/<int:assignment_pk>/delete/",
        team.assignment_delete,
        name="team_assignment_delete",
    ),
    # explanations
    path("explanations/", explanations.my_explanations, name="my_explanations"),
    path("explanations/<int:pk>/", explanations.explanations, name="explanations"),
    path("explanations/<int:pk>/send/", explanations.explanations_send, name="explanations_send"),
    path(
        "explanations/requests/<int:pk>/answer/",
        explanations.explanation_answer,
        name="explanation_answer",
    ),
    path(
        "explanations/requests/<int:pk>/documents/",
        explanations.explanation_upload,
        name="explanation_upload",
    ),
    path(
        "explanations/requests/<int:pk>/documents/link/",
        explanations.explanation_link,
        name="explanation_link",
    ),
    path(
        "explanations/requests/<int:pk>/documents/<int:evidence_pk>/unlink/",
        explanations.explanation_unlink,
        name="explanation_unlink",
    ),
    # survey
    path("periods/<int:pk>/survey/", survey.survey_page, name="survey"),
    path("periods/<int:pk>/survey/template/", survey.survey_template, name="survey_template"),
    path("periods/<int:pk>/survey/import/", survey.survey_import, name="survey_import"),
    # evidence
    path("evidence/files/<int:pk>/", evidence.evidence_file, name="evidence_file"),
]
