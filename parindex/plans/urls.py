"""The plans' routes: signed-in pages under /plans/, the public page under /ke-hoach/."""

from django.urls import path

from .views import interchange, plans, progress, tasks

app_name = "plans"

urlpatterns = [
    path("plans/", plans.index, name="index"),
    path("plans/mine/", plans.board_for_member, name="mine"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/tasks/", plans.task_add, name="task_add"),
    path("plans/<int:pk>/tasks/amend/", plans.task_add_by_amendment, name="task_add_by_amendment"),
    path("plans/<int:pk>/carry/<int:task_pk>/", plans.task_carry, name="task_carry"),
    path("plans/<int:pk>/issue/", plans.plan_issue, name="plan_issue"),
    path("plans/<int:pk>/document/", plans.plan_document, name="plan_document"),
    path("plans/<int:pk>/import/", interchange.import_page, name="plan_import"),
    path("plans/<int:pk>/import/confirm/", interchange.import_confirm, name="plan_import_confirm"),
    path("plans/<int:pk>/tasks.xlsx", interchange.plan_export, name="plan_export"),
    path("plans/<int:pk>/progress.pdf", interchange.plan_pdf, name="plan_pdf"),
    path("plans/template.xlsx", interchange.import_template, name="import_template"),
    path("plans/<int:pk>/compare/", plans.plan_compare, name="plan_compare"),
    path("plans/tasks/<int:pk>/", tasks.task_detail, name="task"),
    path("plans/tasks/<int:pk>/amend/", tasks.task_amend, name="task_amend"),
    path("plans/tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("plans/tasks/<int:pk>/remove/", tasks.task_remove, name="task_remove"),
    path("plans/tasks/<int:pk>/progress/", tasks.progress_add, name="progress_add"),
    path("plans/<int:year>/settings/", plans.year_settings, name="year_settings"),
    path("plans/<int:year>/dashboard/", progress.dashboard, name="dashboard"),
    path("plans/<int:year>/board/", progress.board, name="board"),
    path("plans/<int:year>/coverage/", progress.coverage, name="coverage"),
    path("plans/<int:year>/units/<int:unit_pk>/rate/", progress.rate, name="rate"),
    path("ke-hoach/<int:year>/", progress.public, name="public"),
]
