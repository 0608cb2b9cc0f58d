from django import template

from cards.units import format_quantity

register = template.Library()


@register.simple_tag
def quantity(card, language: str = "fr") -> str:
    if card.value is None or not card.unit:
        return ""
    return format_quantity(card.value, card.value_max, card.unit, language)
