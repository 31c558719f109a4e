import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencustoms.settings")

app = Celery("greencustoms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
