"""WSGI entry point (gunicorn network.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
application = get_wsgi_application()
