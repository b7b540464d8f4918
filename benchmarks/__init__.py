"""The national benchmark (make bench, benchmarks/run.sh). Each module is run as a script (python -m benchmarks.X);
importing the package sets Django up, so the modules import the project at their top like any other module."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
