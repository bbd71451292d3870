"""The WSGI application the whole-stack test's gunicorn servers run (tests.cluster.settings)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.cluster.settings")
application = get_wsgi_application()
