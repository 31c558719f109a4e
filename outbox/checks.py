from django.core.checks import Error, register

from . import delivery


@register()
def retry_delays_fit_the_broker(app_configs, **kwargs):
    """A retry waiting longer than the Redis visibility timeout would be delivered a second time,
    and one waiting longer than the sweeper's patience would be re-queued behind its back."""
    errors = []
    if delivery.visibility_timeout() <= delivery.MAX_BACKOFF_SECONDS:
        errors.append(
            Error(
                f"The longest email retry delay ({delivery.MAX_BACKOFF_SECONDS:.0f} s) must be shorter than the "
                f"broker's visibility_timeout ({delivery.visibility_timeout()} s).",
                hint="Raise CELERY_VISIBILITY_TIMEOUT or lower outbox.delivery.BACKOFF_CAP_SECONDS.",
                id="outbox.E001",
            )
        )
    if delivery.MAX_BACKOFF_SECONDS >= delivery.STALE_AFTER_SECONDS:
        errors.append(
            Error(
                "The longest email retry delay must be shorter than outbox.delivery.STALE_AFTER_SECONDS.",
                id="outbox.E002",
            )
        )
    return errors
