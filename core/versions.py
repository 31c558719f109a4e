"""Version columns: a number on a row, raised by every change to what a cached entry named by it was built from."""

from django.db.models import F


def save_raising_version(instance, save, version, *args, kept=(), **kwargs):
    """Save `instance` with `save` (its model's parent save()), raising its `version` column in the same UPDATE,
    and never write the version or the `kept` columns from this copy: a copy read before another change raised
    one would set it back, and an entry cached under that older number would be served again. The version is read
    again from the database when next asked for. A new row is saved as it is."""
    if instance._state.adding or kwargs.get("force_insert"):
        return save(*args, **kwargs)
    update_fields = kwargs.pop("update_fields", None)
    if update_fields is None:
        deferred = instance.get_deferred_fields()
        update_fields = [
            field.name
            for field in instance._meta.concrete_fields
            if not field.primary_key and field.attname not in deferred
        ]
    setattr(instance, version, F(version) + 1)
    try:
        save(*args, update_fields={*update_fields} - {*kept} | {version}, **kwargs)
    finally:
        delattr(instance, version)  # read again from the database when asked for
    return None
