from django import template

from workshops.permissions import uses_console

register = template.Library()


@register.filter
def manages_workshops(user):
    """Whether to show the “Manage” link: the user organises, checks in at, or oversees workshops."""
    return uses_console(user)
