from django.apps import AppConfig
from django.db.models.signals import post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        from . import versions

        # Every save and delete of a row a workshop page shows raises that workshop's version (versions.py).
        for model, receiver in versions.RECEIVERS.items():
            post_save.connect(receiver, sender=model, dispatch_uid=f"versions-save-{model._meta.label}")
            # Before the delete: a session's speakers are found through it, a participant's through their slots.
            pre_delete.connect(receiver, sender=model, dispatch_uid=f"versions-delete-{model._meta.label}")
        # Every change to what the navigation asks of a user raises their access version (versions.py).
        versions.connect_access_receivers()
