import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# A server must not start without a secret key; reading an empty one raises ImproperlyConfigured.
settings.SECRET_KEY  # noqa: B018
