"""The console's paged lists: one page of rows, and the query string that keeps their filters."""

from django.core.paginator import Paginator


def paged(request, rows, per_page, *, count=None):
    """(the page asked for, the request's other query parameters) so that the links to other pages keep the filters.

    `count`, when the page already knows how many rows there are, saves the paginator from counting them again.
    """
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
