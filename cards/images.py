"""Card images: checked and re-encoded through Pillow before anything stores them."""

from __future__ import annotations

import io
import warnings

from django.conf import settings
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")


class ImageRejected(ValueError):
    pass


def image_pixels(data: bytes) -> int:
    """Width × height from the image's header, without decoding its pixels (0 if unreadable)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            width, height = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS).size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return 0  # image_normalize says what is wrong with it
    return width * height


def image_normalize(data: bytes) -> bytes:
    """Return the image re-encoded as a PNG of at most CARD_IMAGE_MAX_SIDE px a side.

    Re-encoding drops metadata and anything smuggled after the pixels; decoding a PNG we
    wrote and encoding it again gives the same bytes, so deck files round-trip exactly.
    """
    if len(data) > settings.CARD_IMAGE_MAX_BYTES:
        raise ImageRejected(f"the image is {len(data)} bytes, more than the limit of {settings.CARD_IMAGE_MAX_BYTES}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            width, height = image.size
            if width * height > settings.CARD_IMAGE_MAX_PIXELS:
                raise ImageRejected(f"the image is {width}×{height} pixels, more than {settings.CARD_IMAGE_MAX_PIXELS}")
            image.load()
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageRejected(f"not an accepted image ({', '.join(ACCEPTED_FORMATS)})") from exc
    except OSError as exc:
        raise ImageRejected(f"the image is damaged: {exc}") from exc
    image = image.convert("RGBA") if image.mode not in ("RGB", "RGBA", "L", "LA") else image
    side = settings.CARD_IMAGE_MAX_SIDE
    if max(image.size) > side:
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
