from django import template

from cards.provenance import is_caution, provenance_line
from cards.units import format_quantity

register = template.Library()


@register.simple_tag
def quantity(card, language: str = "fr") -> str:
    if card.value is None or not card.unit:
        return ""
    return format_quantity(card.value, card.value_max, card.unit, language, bound=card.bound or "")


@register.simple_tag
def provenance(card, language: str = "fr") -> str:
    """'Estimé · chiffre débattu · données 2024', as the screens and printed backs say it."""
    return provenance_line(card.status or [], card.as_of or "", language)


@register.filter
def caution(card) -> bool:
    return is_caution(card.status or [])
