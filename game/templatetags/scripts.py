from collections.abc import Iterable

from django import template
from django.templatetags.static import static
from django.utils.html import format_html_join, json_script
from django.utils.safestring import SafeString

from game import scripts

register = template.Library()


@register.simple_tag
def mechanic_modules(mechanics: Iterable[str] | None = None) -> str:
    """The URLs of the mechanics' modules (every mechanic's, or those of `mechanics`), as
    `<script type="application/json" id="mechanic-modules">` (read by mechanics/index.js)."""
    return json_script(scripts.mechanic_urls(mechanics), "mechanic-modules")


@register.simple_tag
def phone_modules(mechanics: Iterable[str] = ()) -> SafeString:
    """A `<link rel="modulepreload">` for phone.js and what it imports, and for `mechanics`'
    modules and what they import."""
    urls = ((static(f"js/{module}"),) for module in scripts.phone_modules(mechanics))
    return format_html_join("\n", '<link rel="modulepreload" href="{}">', urls)
