"""`{% shared_fragment "name" vary… %}…{% endshared_fragment %}`: a part of a page that is the
same for every page that shows it (an aside's category list, the comment form's fields), or
for every request of one page (`vary`: an article's related articles), rendered once per
content generation and language and kept in the shared cache.

A page built from the database reads its own content on every request; the parts around it
need not be built again for every page. Any save makes a new content generation
(portal.pagecache), so a kept fragment never outlives the content it shows, and
FRAGMENT_SECONDS at most.

`scheduled`: the part shows articles, so what no save announces, a scheduled publication or
an expiry, ends it as it ends a kept page (pagecache.keep_until: the next such time, known
for the content generation; finding it is a query the first time).

`unless=value`: when true, the part is rendered and not kept (a bound form shows what the
reader typed).
"""

import time

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from portal import pagecache
from portal.cache import keep, kept

register = template.Library()

FRAGMENT_SECONDS = 300


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary, unless, scheduled):
        self.nodelist, self.name, self.vary, self.unless = nodelist, name, vary, unless
        self.scheduled = scheduled

    def render(self, context):
        if self.unless is not None and self.unless.resolve(context):
            return self.nodelist.render(context)
        parts = [str(v.resolve(context)) for v in self.vary]
        current = pagecache.generation()
        key = ":".join(
            ["fragment", str(current), translation.get_language() or "", self.name] + parts
        )
        value = kept(key)
        if value is None:
            if self.scheduled:
                until = pagecache.keep_until(FRAGMENT_SECONDS, current)
            else:
                until = time.time() + FRAGMENT_SECONDS
            # Kept with its end, checked to the instant: an expiring article leaves at its
            # time, not up to a second later.
            value = keep(key, self.nodelist.render(context), until)
        # Rendered (so escaped) template output: safe to print again as it is.
        return mark_safe(value)  # noqa: S308


@register.tag
def shared_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            'usage: {% shared_fragment "name" [vary …] [unless=value] [scheduled] %}'
        )
    name = bits[1].strip("\"'")
    vary, unless, scheduled = [], None, False
    for bit in bits[2:]:
        if bit.startswith("unless="):
            unless = parser.compile_filter(bit[len("unless=") :])
        elif bit == "scheduled":
            scheduled = True
        else:
            vary.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, name, vary, unless, scheduled)


# The main menu's addresses (templates/portal/_menu.html), by the name the menu gives them.
MENU_URLS = {
    "home": "home",
    "news": "news:index",
    "about": "unions:about",
    "leadership": "congresses:leadership",
    "associations": "members:associations",
    "aid": "aid:overview",
    "contact": "contact",
    "events": "events:upcoming",
    "series": "news:series_index",
    "documents": "documents:list",
    "gallery": "albums:index",
}
_menu_urls = {}


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The main menu's addresses (reversed once per language, URLconf and script prefix) and
    `marks`: what the menu tests of the current path (which address it is, which it is
    under; on a category's page, the path), so the menu kept as a shared fragment under
    `marks` marks the current entry as the menu built for this page would."""
    key = (translation.get_language(), get_urlconf(), get_script_prefix())
    urls = _menu_urls.get(key)
    if urls is None:
        urls = _menu_urls[key] = {name: reverse(view) for name, view in MENU_URLS.items()}
    request = context.get("request")
    path = getattr(request, "path", "")
    marks = "".join("=" if path == url else "<" if url in path else "." for url in urls.values())
    match = getattr(request, "resolver_match", None)
    # A category's own page marks its entry: the path then is one of the categories' (the
    # view renders only for a category that exists; its 404 page has none), so the kept menus
    # stay as few as the categories whatever paths are asked for.
    if match is not None and match.view_name == "news:category" and context.get("category"):
        marks += path
    return {**urls, "marks": marks}
