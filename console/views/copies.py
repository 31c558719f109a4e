"""A console page around its part from the cache (console/page_cache.py)."""

from django.http import HttpResponse
from django.template.loader import render_to_string

from console import page_cache as console_cache
from core.page_cache import CSRF_TOKEN_SLOT, with_csrf_token


def console_page(request, workshop, section, template, part_template, part_context, *, more=dict, also=""):
    """The workshop's page of `section`: `template`, rendered for this request, around its part (`part_template`
    with `part_context()`, from the cache), with `more()` beside it and this response's CSRF token in every form
    of the part. `also` names what else the part depends on (the check-in desk's day)."""
    address = request.get_full_path() + (f"#{also}" if also else "")
    part = console_cache.cached_part(section, workshop, address, part_template, part_context)
    # The page's own forms take the token's slot too, so that every form of the response carries the same token.
    context = {"workshop": workshop, "section": section, "part": part, **more(), "csrf_token": CSRF_TOKEN_SLOT}
    return HttpResponse(with_csrf_token(render_to_string(template, context, request), request))
