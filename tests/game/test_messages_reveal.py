"""What a reveal carries of a fact: its quantity, scope, provenance and caution in words, and,
for a duel, both values in one unit and the ratio between them (made once, server-side)."""

from game.engine import Round
from game.mechanics.duel import duel_comparison, ratio_text
from game.messages import card_back, round_data

NBSP, NNBSP = "\u00a0", "\u202f"
SOURCE = {
    "author": "Luccioni et al.",
    "title": "Power Hungry Processing",
    "year": 2024,
    "url": "https://arxiv.org/abs/2311.16863",
}
IMAGE = {
    "key": "A31",
    "kind": "fact",
    "front": "Générer une image",
    "back": "Environ 2,9 Wh par image.",
    "value": 2.9,
    "unit": "Wh",
    "scope": "moyenne des modèles testés, un GPU A100",
    "as_of": "2023",
    "status": ["measured"],
    "basis": "gpu-only",
    "comparison": "≈ 60 générations de texte",
    "sources": [SOURCE],
}
TEXT = {
    "key": "A4",
    "kind": "fact",
    "front": "Une réponse de Llama 3.1",
    "back": "De 57 à 3 353 J sur les GPU.",
    "value": 57,
    "value_max": 3353,
    "unit": "J",
    "scope": "GPU seulement",
    "as_of": "2025",
    "status": ["measured"],
    "basis": "gpu-only",
    "comparison": "",
    "sources": [SOURCE],
}
SHARE = {
    "key": "A14",
    "kind": "fact",
    "front": "La part de l’IA dans l’électricité des centres de données",
    "back": "Environ 20 %, selon une estimation débattue.",
    "value": 20,
    "unit": "%",
    "scope": "matériel d’IA, monde",
    "as_of": "2024",
    "status": ["estimated", "debated"],
    "comparison": "",
    "sources": [SOURCE],
}
PROMPT = {**TEXT, "key": "A7", "value": 0.24, "value_max": 0.42, "unit": "Wh", "basis": "data-centre"}
REASONING = {**TEXT, "key": "A27", "value": 29, "bound": "more_than", "unit": "Wh", "basis": "data-centre"}
REASONING.pop("value_max")


def test_a_fact_back_carries_its_scope_provenance_and_caution_in_words():
    back = card_back(SHARE, "fr")
    assert back["quantity"] == f"20{NNBSP}%" and back["scope"] == "matériel d’IA, monde"
    assert back["as_of"] == "2024" and back["status"] == ["estimated", "debated"]
    assert back["provenance"] == "Estimé · chiffre débattu · données 2024"
    assert back["caution"] is True
    assert back["sources"] == [SOURCE]  # author, title, year and URL
    assert card_back(SHARE, "en")["provenance"] == "Estimated · debated figure · data 2024"
    measured = card_back(IMAGE, "en")
    assert measured["provenance"] == "Measured · data 2023" and measured["caution"] is False
    claimed = card_back({**IMAGE, "status": ["measured", "claimed"]}, "fr")
    assert claimed["caution"] is True and "annoncé par l’entreprise, non vérifié" in claimed["provenance"]


def test_a_floor_says_more_than_and_a_card_without_provenance_says_nothing():
    assert card_back(REASONING, "fr")["quantity"] == f"plus de 29{NBSP}Wh"
    assert card_back(REASONING, "en")["quantity"] == f"more than 29{NBSP}Wh"
    old = {k: v for k, v in IMAGE.items() if k not in ("scope", "as_of", "status")}  # a version 1 card
    back = card_back(old, "fr")
    assert back["provenance"] == "" and back["caution"] is False and back["scope"] == ""


def test_a_duel_shows_both_values_in_one_unit_and_the_ratio():
    duel = duel_comparison([IMAGE, TEXT], "fr")
    assert duel["unit"] == "Wh" and duel["higher"] == "A31"  # Wh reads better than 10 440 J
    assert duel["values"] == {"A31": f"2,9{NBSP}Wh", "A4": f"0,016 à 0,93{NBSP}Wh"}
    assert duel["ratio_text"] == "environ 3 à 180 fois plus"
    assert duel["ratio"][0] == 2.9 * 3600 / 3353
    english = duel_comparison([TEXT, IMAGE], "en")
    assert (
        english["values"]["A4"] == f"0.016 to 0.93{NBSP}Wh" and english["ratio_text"] == "about 3 to 180 times as much"
    )


def test_a_duel_against_a_floor_has_no_top_ratio():
    duel = duel_comparison([PROMPT, REASONING], "fr")
    assert duel["values"] == {"A7": f"0,24 à 0,42{NBSP}Wh", "A27": f"plus de 29{NBSP}Wh"}
    assert duel["ratio"][1] is None and duel["ratio_text"] == "plus de 69 fois plus"
    assert duel_comparison([PROMPT, REASONING], "en")["ratio_text"] == "more than 69 times as much"


def test_ratio_words_round_as_people_say_them():
    assert ratio_text(59.04, 59.04, "en") == "about 59 times as much"
    assert ratio_text(1.43, 2.6, "fr") == "environ 1,4 à 3 fois plus"
    assert ratio_text(3333, 3333, "fr") == f"environ 3{NNBSP}300 fois plus"


def test_a_pair_the_rules_refuse_gets_no_ratio():
    wide = {**TEXT, "key": "A4w", "value_max": 20_000}  # overlaps 2.9 Wh (a session older than the rule)
    duel = duel_comparison([IMAGE, wide], "fr")
    assert duel["ratio"] is None and duel["ratio_text"] == "" and duel["higher"] is None
    assert duel["values"]["A4w"] == f"57 à 20{NNBSP}000{NBSP}J"


def test_the_revealed_duel_round_carries_the_comparison_and_the_card_backs():
    cards = {"A31": IMAGE, "A4": TEXT}
    live = Round(number=3, index=2, card_keys=["A31", "A4"], mechanic="duel", status="answering", duration=60)
    assert round_data(live, cards, "fr", 0)["reveal"] is None
    shown = Round(
        number=3,
        index=2,
        card_keys=["A31", "A4"],
        mechanic="duel",
        status="revealed",
        duration=60,
        answers={"t1": "A31"},
        points={"t1": 1},
    )
    reveal = round_data(shown, cards, "fr", 1)["reveal"]
    assert reveal["answer"] == ["A31"]
    assert reveal["duel"] == duel_comparison([IMAGE, TEXT], "fr")
    assert [c["provenance"] for c in reveal["cards"]] == ["Mesuré · données 2023", "Mesuré · données 2025"]
    assert [c["scope"] for c in reveal["cards"]] == ["moyenne des modèles testés, un GPU A100", "GPU seulement"]
