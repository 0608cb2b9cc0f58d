from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from cards.models import Card


@require_GET
def card_image(request, card_id: int, digest: str):
    card = get_object_or_404(Card.objects.only("image"), pk=card_id)
    if not card.image or card.image_hash != digest:
        raise Http404
    response = HttpResponse(bytes(card.image), content_type="image/png")
    # The digest is in the URL: a changed image gets a new URL, so this one never changes.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
