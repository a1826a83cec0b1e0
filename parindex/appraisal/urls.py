from .views import appraise, explanations, survey, team

app_name = "appraisal"
urlpatterns = (
    appraise.urlpatterns + team.urlpatterns + explanations.urlpatterns + survey.urlpatterns
)
