"""A report's Markdown as HTML that can carry no markup of its author's own."""

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

# CommonMark with raw HTML off (a tag typed in the text is shown as text) and links limited to safe schemes by
# markdown-it itself; nh3 then keeps only these tags, as a second wall should the parser ever let one through.
MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
ALLOWED_TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def report_html(markdown, *, first_heading=1):
    """The Markdown as sanitised HTML, safe to put in a page as it is. Its headings start at `first_heading`: a
    page that names the report under its own h2 gives 3, so that the outline stays in order."""
    tokens = MARKDOWN.parse(markdown or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1:]) + first_heading - 1)}"
    html = MARKDOWN.renderer.render(tokens, MARKDOWN.options, {})
    return mark_safe(  # noqa: S308 - nh3 has just removed every tag and attribute not listed above
        nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"})
    )
