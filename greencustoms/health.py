"""/healthz: whether this web node can serve, for the proxy in front of it and for the monitoring.

It asks the database, the cache and the Celery broker each one small thing with a short timeout and answers
200 with "ok" for each, or 503 naming what failed. It says nothing about anyone (no row is read), and nothing
keeps its answer: neither the browser, nor the proxy, nor the portal's page cache.
"""

import logging
import secrets

import redis
from celery import current_app
from django.core.cache import cache
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Seconds each check may take: a monitor asks often, and a stalled service must fail the check, not hold it.
CHECK_TIMEOUT = 2


def database():
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # SET LOCAL ends with the transaction: behind PgBouncer no other client's connection keeps it.
            cursor.execute("SET LOCAL statement_timeout = %s", [CHECK_TIMEOUT * 1000])
        cursor.execute("SELECT 1")
        cursor.fetchone()


def cache_round_trip():
    # The portal's cache answers as an empty one while Redis is down (greencustoms.cache): only reading back what
    # was just written shows it is there.
    token = secrets.token_hex(8)
    name = f"healthz:{token}"
    cache.set(name, token, CHECK_TIMEOUT)
    if cache.get(name) != token:
        raise ConnectionError("the cache did not keep a value")
    cache.delete(name)


def broker():
    app = current_app
    if app.conf.task_always_eager:
        return  # no broker configured: tasks run in the web process
    # The broker is Redis (CELERY_BROKER_URL), which kombu connects to only when a message is sent: asked here
    # at the address kombu would use.
    with app.connection_for_write() as broker_connection:
        address = broker_connection.as_uri(include_password=True)
    with redis.Redis.from_url(address, socket_timeout=CHECK_TIMEOUT, socket_connect_timeout=CHECK_TIMEOUT) as client:
        client.ping()


CHECKS = {"database": database, "cache": cache_round_trip, "broker": broker}


@never_cache
@require_safe
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure of a service is what this page reports
            logger.warning("Health check %s failed: %s", name, error)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(results, status=200 if healthy else 503)
