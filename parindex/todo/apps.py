from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "parindex.todo"
    verbose_name = "Việc cần làm"
