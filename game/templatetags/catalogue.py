from collections.abc import Iterable

from django import template
from django.utils.html import json_script

from game.i18n import js_catalogue as catalogue_of

register = template.Library()


@register.simple_tag
def js_catalogue(modules: Iterable[str] | None = None) -> str:
    """The scripts' words for the page's language, as `<script type="application/json"
    id="catalogue">` (read by static/js/i18n.js); only those of `modules` (paths under
    static/js, with what they import) when given."""
    return json_script(catalogue_of(modules=modules), "catalogue")
