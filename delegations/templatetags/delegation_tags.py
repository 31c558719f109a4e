from django import template

from delegations.selectors import is_focal_point

register = template.Library()


@register.filter
def is_focal_point_of_some_organisation(user):
    """Whether to show the “Delegations” link: the user nominates delegates for an organisation."""
    return is_focal_point(user)
