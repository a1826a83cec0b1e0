"""Authentication backend: the signed-in user comes with their unit, which every page shows."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ModelBackendWithUnit(ModelBackend):
    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
