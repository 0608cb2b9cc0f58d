"""Small decks for the printables tests, and the default decks as plain data."""

from __future__ import annotations

import functools
import io
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


def v2_cards(language: str = "fr") -> list[CardData]:
    """Facts as deck format 2 writes them (range, floor, scope, data year, status), from the
    reference's rows A7, A27, A14 and A21, and one card as long as the default decks allow."""
    fr = language == "fr"
    google = SourceData(
        "Google",
        "Measuring the environmental impact of AI inference",
        2025,
        "https://cloud.google.com/blog/products/infrastructure/measuring-the-environmental-impact-of-ai-inference",
    )
    jegham = SourceData(
        "Jegham et al.",
        "How Hungry is AI? Benchmarking Energy, Water, and Carbon Footprint of LLM Inference",
        2025,
        "https://arxiv.org/abs/2505.09598",
    )
    return [
        CardData(
            key="A7",
            kind="fact",
            front="Une question courte à un chatbot : combien d’électricité ?"
            if fr
            else "One short question to a chatbot: how much electricity?",
            back=(
                "Environ autant qu’une recherche Google de 2009 (0,3 Wh). Les réponses longues et les modèles "
                "de raisonnement consomment bien plus."
                if fr
                else "About as much as a 2009 Google search (0.3 Wh). Long answers and reasoning models use far more."
            ),
            value=0.24,
            value_max=0.42,
            unit="Wh",
            scope="une question courte en texte, énergie sur site" if fr else "one short text prompt, on-site energy",
            as_of="2025",
            status=["measured", "estimated", "claimed"],
            comparison="≈ une recherche web de 2009" if fr else "≈ one 2009 web search",
            sources=[
                google,
                SourceData(
                    "Epoch AI",
                    "How much energy does ChatGPT use?",
                    2025,
                    "https://epoch.ai/gradient-updates/how-much-energy-does-chatgpt-use",
                ),
            ],
        ),
        CardData(
            key="A27",
            kind="fact",
            front="Une longue question à un modèle de « raisonnement » très gourmand"
            if fr
            else "One long prompt to a very hungry “reasoning” model",
            back="Plus de 65 fois les modèles les plus sobres." if fr else "Over 65 times the most efficient models.",
            value=29,
            bound="more_than",
            unit="Wh",
            scope="une longue requête via les API commerciales" if fr else "one long prompt through commercial APIs",
            as_of="2025",
            status=["estimated"],
            sources=[jegham],
        ),
        CardData(
            key="A14",
            kind="fact",
            front="La part de l’IA dans l’électricité des centres de données du monde"
            if fr
            else "AI's share of the world's data-centre electricity",
            back="Estimée à partir de la production de puces ; elle pourrait approcher la moitié fin 2025."
            if fr
            else "Estimated from chip production; it could approach half by the end of 2025.",
            value=20,
            unit="%",
            scope="matériel d’IA, monde, hors cryptomonnaies"
            if fr
            else "AI hardware, worldwide, excluding crypto-mining",
            as_of="2024",
            status=["estimated", "debated"],
            sources=[
                SourceData(
                    "A. de Vries-Gao",
                    "Artificial intelligence: Supply chain constraints and energy implications",
                    2025,
                    "",
                )
            ],
        ),
        CardData(
            key="A21",
            kind="fact",
            front="Les émissions de Google en 2024, comparées à 2019"
            if fr
            else "Google's emissions in 2024, compared with 2019",
            back="Des émissions « fondées sur l’ambition », hors certaines catégories."
            if fr
            else "“Ambition-based” emissions, excluding some categories.",
            value=51,
            unit="%",
            scope="émissions « ambition » de Google" if fr else "Google's “ambition-based” emissions",
            as_of="2024",
            status=["claimed"],
            sources=[
                SourceData(
                    "Google",
                    "2025 Environmental Report",
                    2025,
                    "https://blog.google/outreach-initiatives/sustainability/environmental-report-2025",
                )
            ],
        ),
        longest_card(language),
    ]


def longest_card(language: str = "fr") -> CardData:
    """A fact as long as the default decks allow: a 200-character front, a 350-character back, a
    long scope, every status, three sources, the first with the reference's longest URL (120
    characters: the largest QR code)."""
    word = "consommation " if language == "fr" else "consumption "
    return CardData(
        key="A99",
        kind="fact",
        front=(word * 40)[:199].strip() + " ?",
        back=(word * 60)[:349].strip() + ".",
        value=114,
        value_max=6706,
        unit="J",
        scope=(word * 20)[:160].strip(),
        as_of="2018–2019",
        status=["measured", "estimated", "claimed", "debated"],
        comparison="≈ 1,9 Wh" if language == "fr" else "≈ 1.9 Wh",
        sources=[
            SourceData(
                "LBNL (Shehabi et al.)",
                "2024 United States Data Center Energy Usage Report",
                2024,
                "https://eta-publications.lbl.gov/sites/default/files/2024-12/"
                "lbnl-2024-united-states-data-center-energy-usage-report.pdf",
            ),
            SourceData(
                "Luccioni, Jernite & Strubell",
                "Power Hungry Processing: Watts Driving the Cost of AI Deployment?",
                2024,
                "https://arxiv.org/abs/2311.16863",
            ),
            SourceData("IEA", "Energy and AI", 2025, "https://www.iea.org/reports/energy-and-ai"),
        ],
    )


@functools.cache
def default_deck(language: str) -> DeckData:
    return parse_deck((DECKS_DIR / f"impacts-ia-{language}.json").read_bytes(), max_bytes=10_000_000)


def png(width: int, height: int, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def squeeze(text: str) -> str:
    """Text without any whitespace or hyphen: line breaks (hyphenated or not) fall anywhere in a
    fitted paragraph."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
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
