"""What admin actions share: run a domain service on each selected row and say how it went."""

from django.contrib import messages


def apply_to_each(modeladmin, request, objects, operation, *, refused, done_message, name_refused=False):
    """Call `operation(obj)` for each object; a `refused` exception is shown and the rest go ahead.

    `done_message` is a lazy ngettext taking %(count)d; `name_refused` prefixes each refusal with the
    object, for rows whose refusal message does not say which one it is.
    """
    done = 0
    for obj in objects:
        try:
            operation(obj)
        except refused as error:
            text = f"{obj}: {error.message}" if name_refused else error.message
            modeladmin.message_user(request, text, messages.WARNING)
        else:
            done += 1
    modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    return done
