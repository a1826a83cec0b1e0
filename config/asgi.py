import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()
# A server must not start without a secret key; reading an empty one raises ImproperlyConfigured.
settings.SECRET_KEY  # noqa: B018
