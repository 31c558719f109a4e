"""Where files no URL serves are kept (nomination letters): the storage "private" of settings.STORAGES.

On one machine it is this folder (settings.PRIVATE_MEDIA_ROOT); on several, an S3-compatible bucket
(django-storages, PRIVATE_STORAGE_BUCKET), which every web node and worker reads alike. Code reaches the files
through Django's storage API only (save, open, delete), never by a path, so either serves.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateFolderStorage(FileSystemStorage):
    """A folder no URL serves; read from settings at each use, so a test (or a setting changed) moves it."""

    def __init__(self, **options):
        super().__init__(**{**options, "base_url": None})

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)


def private_storage():
    """The storage of private files, as settings.STORAGES names it (a callable, so a field's migration names no
    backend)."""
    return storages["private"]
