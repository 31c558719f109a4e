"""The console's pages from their copies in the cache (console/page_cache.py)."""

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template.loader import render_to_string

from console import page_cache as console_cache
from workshops import page_cache
from workshops.permissions import keep_navigation_answers


def console_page(request, workshop, section, template, part_template, part_context, *, more=dict, shared=True):
    """The workshop's page of `section`: `template` around its part (`part_template` with `part_context()`, from
    the cache), with `more()` beside it, and this response's CSRF token in every form. Without a message waiting
    and when `shared` (all that the page shows is named by the workshop's versions), the whole page comes from the
    copy shared by every organiser of the same role whose navigation answers alike, their own email filled in; a
    message is shown once, to its reader, and never kept."""
    keep_navigation_answers(request.user, page_cache.cached(*page_cache.navigation_answers(request.user)))
    address = request.get_full_path()

    def render_page(**extra):
        part = console_cache.cached_part(section, workshop, address, part_template, part_context)
        context = {"workshop": workshop, "section": section, "part": part, **more(), **extra}
        return render_to_string(template, {**context, "csrf_token": page_cache.CSRF_TOKEN_SLOT}, request)

    if shared and not get_messages(request):
        member = page_cache.Member.of(request.user)
        copy_name = console_cache.name(section, workshop, address, "page", request.workshop_role, member)
        html = page_cache.filled(page_cache.cached(copy_name, lambda: render_page(user=member)), request, member=True)
    else:
        html = page_cache.filled(render_page(), request)
    return HttpResponse(html)
