"""Every URL of the site, read from the URL resolver, with a value for each parameter in the console's small world:
the whole-site sweep (tests/hardening/test_site_sweep.py) and the right-to-left sweep
(tests/website/test_right_to_left.py) read the same list."""

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize

from tests.support.console_world import make_world, object_ids
from tests.support.factories import UserFactory


def url_values(world):
    """A value for each URL parameter of the site, in the world the sweep builds (the organiser's workshop)."""
    return {
        **object_ids(world),
        "pk": world.registration.pk,  # /me/registrations/<pk>/cancel/
        "token": "A" * 43,  # shaped like a link token, matching no invitation
        "key": "not-a-key",
        "uidb36": "0",
        "app_label": "workshops",
        "url": "nowhere/",
        "id": world.users["participant"].pk,  # admin's password change of a user
        "content_type_id": ContentType.objects.get_for_model(world.workshop).pk,
        "letter_id": 1,  # no letter in this world: a 404 for everyone
        "code": "NOSUCHCODE",  # a certificate code, or a self check-in sign's, matching none
        "language": "en",
    }


def admin_object_id(pattern):
    """The first row of the model an admin URL is about (or 1, for a model without rows: admin says so)."""
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is None:
        return None
    first = model_admin.model._default_manager.order_by("pk").first()
    return first.pk if first else 1


def leaf_patterns(patterns, prefix=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from leaf_patterns(pattern.url_patterns, (*prefix, pattern.pattern.regex.pattern))
        else:
            yield (*prefix, pattern.pattern.regex.pattern), pattern


def site_urls(world):
    """Every URL of the resolver, its parameters filled in; fails naming a parameter with no value."""
    values = url_values(world)
    urls = []
    for regexes, pattern in leaf_patterns(get_resolver().url_patterns):
        path, needed = "", {}
        for regex in regexes:
            template, parameters = normalize(regex)[0]
            for parameter in parameters:
                if parameter == "object_id" and admin_object_id(pattern) is not None:
                    needed[parameter] = admin_object_id(pattern)
                elif parameter == "object_id":
                    needed[parameter] = world.workshop.pk  # admin's view on site, with the workshop's type
                else:
                    assert parameter in values, f"the sweep has no value for URL parameter {parameter!r}: add one"
                    needed[parameter] = values[parameter]
            path += template % needed if parameters else template
        url = "/" + path
        assert resolve(url).func is not None
        urls.append(url)
    return sorted(set(urls))


def sweep_world():
    """The console's small world (tests.support.console_world) with a superuser, every user's address verified."""
    world = make_world()
    world.users["superuser"] = UserFactory(is_staff=True, is_superuser=True, password=None)
    # As allauth's signup leaves them (its email page would otherwise write the missing row on GET).
    for user in filter(None, world.users.values()):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return world


def client_for(world, role, *, enforce_csrf_checks=False):
    client = Client(enforce_csrf_checks=enforce_csrf_checks, raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client
