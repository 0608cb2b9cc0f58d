"""Small decks for the printables tests, and the default decks as plain data."""

from __future__ import annotations

import functools
import re
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

from cards.deckfile import CardData, DeckData, SourceData, parse_deck

DECKS_DIR = Path(__file__).resolve().parents[2] / "cards" / "decks"
URL = "https://www.iea.org/reports/electricity-2024"


def small_deck(language: str = "fr", cards: list[CardData] | None = None) -> DeckData:
    return DeckData(
        slug=f"petit-{language}",
        language=language,
        title="Petit jeu",
        version="2026.1",
        cards=cards if cards is not None else four_cards(),
    )


def four_cards() -> list[CardData]:
    return [
        CardData(
            key="A7",
            kind="fact",
            front="Une requête à ChatGPT",
            back="Environ 10 fois l’électricité d’une recherche Google : œ, « CO₂ », 5 €, ≈ 1 287 Wh.",
            value=2.9,
            unit="Wh",
            comparison="≈ 10 recherches Google",
            notes="Ordre de grandeur de 2024.",
            sources=[SourceData("IEA", "Electricity 2024", 2024, URL)],
        ),
        CardData(
            key="B3",
            kind="misconception",
            front="« Interroger un chatbot coûte autant qu'une recherche web. »",
            back="Faux : une requête consomme environ 10 fois plus.",
            verdict="false",
        ),
        CardData(
            key="C8",
            kind="solution",
            front="Garder ses appareils plus longtemps",
            back="La fabrication pèse le plus dans l'empreinte du numérique.",
            actors=["individual", "policy"],
        ),
        CardData(
            key="D1",
            kind="history",
            front="Alan Turing publie « Computing Machinery and Intelligence »",
            back="Il y propose le jeu de l'imitation.",
            year=1950,
        ),
    ]


@functools.cache
def default_deck(language: str) -> DeckData:
    return parse_deck((DECKS_DIR / f"impacts-ia-{language}.json").read_bytes(), max_bytes=10_000_000)


def squeeze(text: str) -> str:
    """Text without any whitespace: line breaks fall anywhere in a fitted paragraph."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(__import__("io").BytesIO(data))
    return "".join(page.extract_text() for page in reader.pages)


def qr_codes_in_page(data: bytes, page: int, dpi: int = 300) -> list[str]:
    """Render one page with pdftoppm and decode every QR code on it."""
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", pdf, Path(tmp) / "p"],
            check=True,
        )
        image = Image.open(Path(tmp) / "p.png")
        return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
