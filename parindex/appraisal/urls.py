from .views import appraise, evidence, explanations, survey, team

app_name = "appraisal"
urlpatterns = (
    appraise.urlpatterns
    + team.urlpatterns
    + explanations.urlpatterns
    + survey.urlpatterns
    + evidence.urlpatterns
)
