"""A duel's reveal and a debated figure's reveal, as a class sees them: on the projector
(1280x720 and 1024x768), on a 360x740 phone and on the control panel, in French and in English.

Both values of a duel show in one unit with the ratio between them; a fact shows what is
counted, its status and data year, and a debated or company-claimed figure stands out.
Screenshots go to /tmp/screens-reveal/.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator

import pytest

from tests.browser.conftest import PASSWORD, live_server, watch_errors

pytestmark = pytest.mark.browser
SCREENS = "/tmp/screens-reveal"
NBSP, NNBSP = "\u00a0", "\u202f"
PROJECTORS = {"1280": {"width": 1280, "height": 720}, "1024": {"width": 1024, "height": 768}}
PHONE = {"width": 360, "height": 740}


def source(author: str, title: str, year: int, url: str) -> dict:
    return {"author": author, "title": title, "year": year, "url": url}


LUCCIONI = source(
    "Luccioni, Jernite & Strubell",
    "Power Hungry Processing: Watts Driving the Cost of AI Deployment?",
    2024,
    "https://arxiv.org/abs/2311.16863",
)
MIT = source("MIT Technology Review", "We did the math on AI's energy footprint", 2025, "")
JEGHAM = source("Jegham et al.", "How Hungry is AI?", 2025, "https://arxiv.org/abs/2505.09598")
GOOGLE = source(
    "Google",
    "Measuring the environmental impact of AI inference",
    2025,
    "https://cloud.google.com/blog/products/infrastructure/measuring-the-environmental-impact-of-ai-inference",
)
DE_VRIES = source(
    "A. de Vries-Gao",
    "Artificial intelligence: Supply chain constraints and energy implications",
    2025,
    "https://worldofsoftware.org/ai-could-account-for-nearly-half-of-datacentre-power-usage-by-end-of-year",
)

# (key, numbers, French words, English words): the words of a small trial deck, not the default one.
FACTS = [
    (
        "A31",
        {"value": 2.9, "unit": "Wh", "as_of": "2023", "status": ["measured"], "basis": "gpu-only"},
        (
            "Générer une image avec une IA",
            "Environ 2,9 Wh par image, en moyenne sur les modèles testés.",
            "moyenne des modèles d’images testés, sur un GPU A100",
            "≈ 60 générations de texte",
        ),
        (
            "Generating one image with an AI",
            "About 2.9 Wh per image, on average over the models tested.",
            "mean over the image models tested, on one A100 GPU",
            "≈ 60 text generations",
        ),
        [LUCCIONI],
    ),
    (
        "A4",
        {"value": 57, "value_max": 3353, "unit": "J", "as_of": "2025", "status": ["measured"], "basis": "gpu-only"},
        (
            "Une réponse d’un modèle Llama 3.1",
            "De 57 J (8B) à 3 353 J (405B), mesurés sur les GPU seulement.",
            "GPU seulement (Llama 3.1 8B et 405B)",
            "",
        ),
        (
            "One answer from a Llama 3.1 model",
            "From 57 J (8B) to 3,353 J (405B), measured on the GPUs only.",
            "GPU only (Llama 3.1 8B and 405B)",
            "",
        ),
        [MIT],
    ),
    (
        "A7",
        {
            "value": 0.24,
            "value_max": 0.42,
            "unit": "Wh",
            "as_of": "2025",
            "status": ["measured", "estimated", "claimed"],
            "basis": "data-centre",
        },
        (
            "Une question courte à un chatbot",
            "Environ 0,24 à 0,42 Wh selon le modèle et la source.",
            "une question courte en texte, au centre de données",
            "≈ une recherche Google de 2009 (0,3 Wh)",
        ),
        (
            "A short question to a chatbot",
            "About 0.24 to 0.42 Wh depending on the model and the source.",
            "one short text prompt, in the data centre",
            "≈ a 2009 Google search (0.3 Wh)",
        ),
        [GOOGLE],
    ),
    (
        "A27",
        {
            "value": 29,
            "bound": "more_than",
            "unit": "Wh",
            "as_of": "2025",
            "status": ["estimated"],
            "basis": "data-centre",
        },
        (
            "Une longue question à un modèle de « raisonnement »",
            "Plus de 29 Wh pour les modèles les plus gourmands.",
            "une longue question, via les API commerciales",
            "",
        ),
        (
            "One long prompt to a “reasoning” model",
            "More than 29 Wh for the most energy-hungry models.",
            "one long prompt, through commercial APIs",
            "",
        ),
        [JEGHAM],
    ),
    (
        "A14",
        {"value": 20, "unit": "%", "as_of": "2024", "status": ["estimated", "debated"]},
        (
            "La part de l’IA dans l’électricité des centres de données du monde",
            "Environ 20 % en 2024, selon une estimation d’un chercheur, débattue.",
            "matériel d’IA dans le monde, hors minage de cryptomonnaies",
            "jusqu’à la moitié fin 2025 selon le même auteur",
        ),
        (
            "AI's share of the electricity of the world's data centres",
            "About 20% in 2024, by one researcher's estimate, debated.",
            "AI hardware worldwide, excluding crypto-mining",
            "up to half by end-2025 by the same author",
        ),
        [DE_VRIES],
    ),
]


def deck_file(language: str) -> dict:
    cards = []
    for key, numbers, fr, en, sources in FACTS:
        front, back, scope, comparison = fr if language == "fr" else en
        card = {"key": key, "kind": "fact", "front": front, "back": back}
        card |= {k: numbers[k] for k in ("value", "value_max", "bound", "unit") if k in numbers}
        card |= {"scope": scope, "as_of": numbers["as_of"], "status": numbers["status"]}
        if "basis" in numbers:
            card["basis"] = numbers["basis"]
        cards.append(card | {"comparison": comparison, "notes": "", "sources": sources})
    title = "Essai des révélations" if language == "fr" else "Reveal trial"
    deck = {
        "slug": f"essai-{language}",
        "family": "essai",
        "language": language,
        "title": title,
        "description": "",
        "version": "1",
    }
    return {"format": "atelier-ia-deck", "format_version": 2, "deck": deck, "cards": cards}


# One session per language and scenario, its round revealed with both teams' answers in.
SESSIONS = """
import json
from django.contrib.auth import get_user_model
from cards.models import Deck
from game import services
from game.models import Plan
user = get_user_model().objects.get(username="animateur")
scenarios = {
    "duel": {"mechanic": "duel", "cards": ["A31", "A4"], "answers": ["A31", "A4"]},
    "floor": {"mechanic": "duel", "cards": ["A7", "A27"], "answers": ["A27", "A27"]},
    "debated": {"mechanic": "estimate", "cards": ["A14"], "answers": [5, 25]},
}
made = {}
for language in ("fr", "en"):
    deck = Deck.objects.get(slug="essai-" + language)
    for name, s in scenarios.items():
        phases = [{"title": name, "mechanic": s["mechanic"], "budget": 600, "cards": s["cards"]}]
        plan = Plan.objects.create(deck=deck, owner=user, title=name, phases=phases)
        session = services.session_create_from_plan(owner=user, plan=plan, title=f"{name} {language}", team_count=2)
        run = lambda name, **args: services.session_command(user=user, session_id=session.pk, name=name, args=args)
        run("open")
        run("start")
        for team, answer in zip(("t1", "t2"), s["answers"]):
            run("enter_answer", round=1, team=team, answer=answer)
        run("reveal")
        session.refresh_from_db()
        made[f"{name}-{language}"] = {"id": session.pk, "code": session.code}
print(json.dumps(made))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, dict]]:
    tmp = tmp_path_factory.mktemp("reveals")
    setup = []
    for language in ("fr", "en"):
        path = tmp / f"essai-{language}.json"
        path.write_text(json.dumps(deck_file(language), ensure_ascii=False, indent=2), encoding="utf-8")
        setup.append(["import_deck", str(path)])
    setup.append(
        [
            "shell",
            "-c",
            SESSIONS.replace(
                "print(json.dumps(made))", f"open({str(tmp / 'made.json')!r}, 'w').write(json.dumps(made))"
            ),
        ]
    )
    with live_server(tmp, *setup) as url:
        yield url, json.loads((tmp / "made.json").read_text())


def staff_context(browser, server: str, language: str, viewport: dict, errors: list[str]):
    context = browser.new_context(viewport=viewport, locale="fr-FR" if language == "fr" else "en-GB")
    page = context.new_page()
    watch_errors(page, errors)
    page.goto(server + "/login/")
    page.fill("#id_username", "animateur")
    page.fill("#id_password", PASSWORD)
    page.locator("form button.primary").click()
    page.wait_for_url(re.compile(r"/animation/$"))
    return context, page


def overflowing(page) -> list[str]:
    """The visible elements that stick out of the window sideways (none on a good layout)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
          .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().right > window.innerWidth + 1)
          .map((e) => `${e.tagName}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""
    )


def projector(browser, server, session, language, size, errors):
    context, page = staff_context(browser, server, language, PROJECTORS[size], errors)
    page.goto(f"{server}/animation/s/{session['id']}/screen")
    page.wait_for_selector("#reveal:not([hidden]) #reveal-body .fact, #reveal:not([hidden]) #reveal-body .fact-notes")
    return context, page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_duel_reveal_shows_both_values_in_one_unit_and_the_ratio(browser, server, language):
    url, sessions = server
    os.makedirs(SCREENS, exist_ok=True)
    errors: list[str] = []
    fr = language == "fr"
    for size in PROJECTORS:
        context, page = projector(browser, url, sessions[f"duel-{language}"], language, size, errors)
        higher, lower = page.locator("#reveal-body .fact").all()
        assert "higher" in (higher.get_attribute("class") or "")
        assert higher.locator(".quantity").inner_text() == (f"2,9{NBSP}Wh" if fr else f"2.9{NBSP}Wh")
        assert lower.locator(".quantity").inner_text() == (f"0,016 à 0,93{NBSP}Wh" if fr else f"0.016 to 0.93{NBSP}Wh")
        assert lower.locator(".own-unit").inner_text() == (
            f"(57 à 3{NNBSP}353{NBSP}J)" if fr else f"(57 to 3,353{NBSP}J)"
        )
        ratio = "environ 3 à 180 fois plus" if fr else "about 3 to 180 times as much"
        assert ratio in higher.locator(".badge-higher").inner_text()
        assert lower.locator(".scope").inner_text() == (
            f"Ce qui est compté{NBSP}: GPU seulement (Llama 3.1 8B et 405B)"
            if fr
            else "Counted: GPU only (Llama 3.1 8B and 405B)"
        )
        assert higher.locator(".provenance").inner_text() == ("Mesuré · données 2023" if fr else "Measured · data 2023")
        assert page.locator("#sources li").first.inner_text().startswith("Luccioni, Jernite & Strubell")
        assert "2024" in page.locator("#sources li").first.inner_text()
        page.screenshot(path=f"{SCREENS}/projector-{size}-duel-{language}.png")
        assert overflowing(page) == []
        context.close()

    context, page = projector(browser, url, sessions[f"floor-{language}"], language, "1280", errors)
    floor = page.locator("#reveal-body .fact.higher")
    assert floor.locator(".quantity").inner_text() == (f"plus de 29{NBSP}Wh" if fr else f"more than 29{NBSP}Wh")
    assert ("plus de 69 fois plus" if fr else "more than 69 times as much") in floor.inner_text()
    claimed = page.locator("#reveal-body .fact").first.locator(".provenance")
    assert "caution" in (claimed.get_attribute("class") or "")  # A7 is partly claimed by the companies
    page.screenshot(path=f"{SCREENS}/projector-1280-floor-{language}.png")
    context.close()
    assert errors == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_debated_figure_stands_out_on_the_projector(browser, server, language):
    url, sessions = server
    errors: list[str] = []
    fr = language == "fr"
    for size in PROJECTORS:
        context, page = projector(browser, url, sessions[f"debated-{language}"], language, size, errors)
        assert page.locator("#verdict").inner_text() == (f"20{NNBSP}%" if fr else "20%")
        provenance = page.locator("#reveal-body .provenance")
        assert "caution" in (provenance.get_attribute("class") or "")
        assert provenance.inner_text() == (
            "⚠ Estimé · chiffre débattu · données 2024" if fr else "⚠ Estimated · debated figure · data 2024"
        )
        assert provenance.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
        assert "A. de Vries-Gao" in page.locator("#sources").inner_text()
        page.screenshot(path=f"{SCREENS}/projector-{size}-debated-{language}.png")
        assert overflowing(page) == []
        context.close()
    assert errors == []


def phone_join(browser, server: str, code: str, language: str, errors: list[str]):
    locale = "fr-FR" if language == "fr" else "en-GB"
    context = browser.new_context(viewport=PHONE, locale=locale, is_mobile=True, has_touch=True)
    page = context.new_page()
    watch_errors(page, errors)
    page.goto(f"{server}/j/{code.lower()}")
    page.fill("#id_nickname", "Ada")
    page.locator("input[name=team]").nth(1).check()
    page.locator("form button.primary").click()
    page.wait_for_url(re.compile(rf"/play/{code}$"))
    page.wait_for_selector("#reveal:not([hidden]) #reveal-body .provenance")
    return context, page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_phone_shows_the_duel_and_the_debated_figure(browser, server, language):
    url, sessions = server
    errors: list[str] = []
    fr = language == "fr"
    context, page = phone_join(browser, url, sessions[f"duel-{language}"]["code"], language, errors)
    facts = page.locator("#reveal-body .fact")
    assert facts.nth(1).locator(".quantity").inner_text() == (
        f"0,016 à 0,93{NBSP}Wh" if fr else f"0.016 to 0.93{NBSP}Wh"
    )
    assert facts.nth(0).locator(".ratio").inner_text() == (
        "environ 3 à 180 fois plus" if fr else "about 3 to 180 times as much"
    )
    assert facts.nth(1).locator(".scope").count() == 1
    page.screenshot(path=f"{SCREENS}/phone-duel-{language}.png", full_page=True)
    assert overflowing(page) == []
    context.close()

    context, page = phone_join(browser, url, sessions[f"debated-{language}"]["code"], language, errors)
    provenance = page.locator("#reveal-body .provenance")
    assert "caution" in (provenance.get_attribute("class") or "")
    assert ("chiffre débattu" if fr else "debated figure") in provenance.inner_text()
    page.screenshot(path=f"{SCREENS}/phone-debated-{language}.png", full_page=True)
    assert overflowing(page) == []
    context.close()
    assert errors == []


def test_the_control_panel_shows_the_facilitator_the_same(browser, server):
    url, sessions = server
    errors: list[str] = []
    context, page = staff_context(browser, url, "fr", {"width": 1280, "height": 900}, errors)
    page.goto(f"{url}/animation/s/{sessions['duel-fr']['id']}/")
    page.wait_for_selector("#reveal-facts .fact")
    text = page.locator("#reveal-facts").inner_text()
    assert f"0,016 à 0,93{NBSP}Wh" in text and "environ 3 à 180 fois plus" in text and "GPU seulement" in text
    assert "Luccioni" in page.locator("#reveal-sources").inner_text()
    page.screenshot(path=f"{SCREENS}/control-duel-fr.png", full_page=True)
    page.goto(f"{url}/animation/s/{sessions['debated-fr']['id']}/")
    page.wait_for_selector("#reveal-facts .provenance.caution")
    page.screenshot(path=f"{SCREENS}/control-debated-fr.png", full_page=True)
    context.close()
    assert errors == []
