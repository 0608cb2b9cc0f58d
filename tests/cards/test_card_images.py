import io

import pytest
from PIL import Image

from cards.images import ImageRejected, image_normalize


def encoded(fmt: str, size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format=fmt)
    return out.getvalue()


def test_jpeg_is_accepted_and_reencoded_as_png():
    assert image_normalize(encoded("JPEG")).startswith(b"\x89PNG")


def test_a_format_not_named_is_refused():
    with pytest.raises(ImageRejected, match="not an accepted image"):
        image_normalize(encoded("BMP"))


def test_too_many_bytes_is_refused(settings):
    settings.CARD_IMAGE_MAX_BYTES = 50
    with pytest.raises(ImageRejected, match="more than the limit of 50"):
        image_normalize(encoded("PNG"))


def test_too_many_pixels_is_refused_before_decoding(settings):
    settings.CARD_IMAGE_MAX_PIXELS = 1000
    with pytest.raises(ImageRejected, match="more than 1000"):
        image_normalize(encoded("PNG", (100, 100)))


def test_normalizing_twice_is_stable():
    once = image_normalize(encoded("JPEG"))
    assert image_normalize(once) == once
