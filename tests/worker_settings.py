"""Settings of the Celery worker that tests/celery_worker.py starts: the project's, with e-mail written to files.

The worker is another process, so django.core.mail.outbox cannot see its mail; the file backend lets a test count it.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import CELERY_BROKER_TRANSPORT_OPTIONS as _PROJECT_TRANSPORT

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
# A killed worker's unacknowledged task comes back after the visibility timeout (CELERY_VISIBILITY_TIMEOUT, set by the
# fixture): sweep for such tasks every second rather than kombu's default of every ~100 s.
CELERY_BROKER_TRANSPORT_OPTIONS = {**_PROJECT_TRANSPORT, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}
