"""The session report as a PDF: every round, every team's answer, the debrief; owner-only downloads."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from game import selectors, services
from game.models import GameSession, Plan
from game.report import report_csv, report_data
from printables.report import report_pdf
from tests.printables.decks import pdf_text, squeeze


def _play(user, session_id, phones, choose):
    """Answer the current round from each phone with choose(team index), then reveal."""
    number = selectors.state_of(GameSession.objects.get(pk=session_id)).round.number
    for index, player in enumerate(phones):
        choice = choose(index)
        if choice is not None:
            services.player_propose_many([services.ProposalRequest(player.pk, number, choice)])
    services.session_command(user=user, session_id=session_id, name="reveal", args={})


@pytest.fixture
def played_session(facilitator):
    """The ready 2-hour plan, played with a round of every mechanic by two teams."""
    call_command("load_default_decks")
    call_command("load_default_plans")
    plan = Plan.objects.get(owner=None, deck__slug="impacts-ia-fr")
    session = services.session_create_from_plan(owner=facilitator, plan=plan, title="2nde A", team_count=2)
    sid = session.pk
    command = lambda name, **args: services.session_command(user=facilitator, session_id=sid, name=name, args=args)  # noqa: E731
    command("open")
    command("rename_team", team="t2", label="Les <Chats> & co")
    ada, _ = services.player_join(code=session.code, nickname="Ada", team_id="t1")
    services.player_join(code=session.code, nickname="<b>&", team_id="t1")
    bob, _ = services.player_join(code=session.code, nickname="Bob", team_id="t2")
    phones = [ada, bob]
    command("start")
    _play(facilitator, sid, phones, lambda i: [2, 5][i])  # the opening poll
    command("next")
    _play(
        facilitator,
        sid,
        phones,
        lambda i: [
            ["D1", "D4", "D6", "D8", "D10", "D12", "D14", "D19"],
            ["D4", "D1", "D6", "D8", "D12", "D10", "D14", "D19"],
        ][i],
    )
    command("next")
    _play(facilitator, sid, phones, lambda i: ["A4", "A31"][i])
    command("start", index=8)  # the estimates, after the six duels
    _play(facilitator, sid, phones, lambda i: [0.3, 5000][i])
    command("next")
    _play(facilitator, sid, phones, lambda i: [None, 3][i])
    command("start", index=12)  # the misconceptions, after "how a figure changed"
    for choices in (["false", "true"], ["depends", "false"], ["true", "true"]):
        _play(facilitator, sid, phones, lambda i, c=choices: c[i])
        command("next")
    command("start", index=19)
    _play(facilitator, sid, phones, lambda i: [["C1", "C3", "C4"], ["C3", "C8", "C1"]][i])
    command("end")
    return GameSession.objects.get(pk=sid)


def _report_text(session: GameSession) -> str:
    return pdf_text(report_pdf(report_data(session)))


def test_the_report_holds_every_round_its_cards_and_every_team(played_session):
    data = report_data(played_session)
    pdf = report_pdf(data, timezone_name="Europe/Paris")
    text = squeeze(pdf_text(pdf))
    assert len(data["rounds"]) == 9
    for played in data["rounds"]:
        assert squeeze(f"Manche {played['number']}") in text
        for card in played["cards"]:
            assert squeeze(card["front"]) in text, card["key"]
    for team in data["teams"]:
        assert squeeze(team["name"]) in text
    assert squeeze("2nde A") in text and "Ada" in text
    # the right answers in words, in the session's language
    assert squeeze("Bonne réponse : Faux") in text
    assert squeeze("Bonne réponse : 0,26 mL") in text
    assert squeeze("1. 1950 — D1") in text
    assert squeeze("Pas de bonne réponse") in text
    assert squeeze("Ça dépend") in text and squeeze("pas de réponse") in text
    # the opening poll: the statement and the room at each step, nobody's answer
    assert squeeze("Manche 1 · Évolution des avis") in text
    assert squeeze("Plutôt pas d’accord : 1") in text and squeeze("Tout à fait d’accord : 1") in text
    assert squeeze("Comment la salle a évolué") in text
    # the debrief figures
    assert squeeze("Les idées reçues les plus trompeuses") in text
    assert squeeze("Les estimations les plus éloignées") in text and squeeze("5 000 mL") in text


def test_user_text_is_escaped_not_read_as_markup(played_session):
    text = pdf_text(report_pdf(report_data(played_session)))
    assert "<b>&" in text
    assert "Les <Chats> & co" in text


def test_the_report_has_a_bookmark_per_section_and_round(played_session):
    reader = PdfReader(io.BytesIO(report_pdf(report_data(played_session))))

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    found = list(titles(reader.outline))
    assert found[:2] == ["La séance", "Les manches"]
    assert "Solutions pour un scénario" in found and "Manche 10 · Solutions à choisir et classer" in found
    assert {"Le bilan", "Classement", "Les solutions les plus choisies"} <= set(found)


def test_a_session_with_no_round_played_yet_still_reports(facilitator):
    call_command("load_default_decks")
    call_command("load_default_plans")
    plan = Plan.objects.get(owner=None, deck__slug="impacts-ia-en")
    session = services.session_create_from_plan(owner=facilitator, plan=plan, title="Year 10", team_count=3)
    text = squeeze(_report_text(session))
    assert squeeze("Session report") in text and squeeze("Year 10") in text
    assert squeeze("No round played yet.") in text and squeeze("Nothing to report.") in text


def test_answers_in_english_and_a_character_the_font_lacks():
    data = {
        "title": "Demo",
        "code": "ABC",
        "language": "en",
        "deck": "Deck",
        "created_at": "2026-01-05T09:30+00:00",
        "scoring": "cooperative",
        "teams": [{"id": "t1", "name": "Owls \U0001f989", "members": ["Zoé"]}],
        "rounds": [
            {
                "number": 1,
                "index": 0,
                "phase": "Myths",
                "mechanic": "verdict",
                "cards": [
                    {"key": "B1", "kind": "misconception", "front": "AI is magic.", "back": "No.", "sources": []}
                ],
                "answer": "depends",
                "answers": {"t1": "false"},
                "points": {"t1": 0},
            }
        ],
        "debrief": {
            "scoring": "cooperative",
            "ranking": [],
            "room_score": 7,
            "misconceptions": [],
            "estimates": [],
            "solutions": [],
        },
    }
    text = squeeze(pdf_text(report_pdf(data, timezone_name="Europe/Paris")))
    assert squeeze("Right answer: It depends") in text and "False" in text
    assert squeeze("2026-01-05 10:30") in text  # shown in the site's time zone
    assert squeeze("The whole room's score") in text and "Owls" in text


# --- downloads: the owner only ---


def test_report_downloads_need_a_login(client, played_session):
    response = client.get(reverse("printables:report_pdf", args=[played_session.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_another_facilitator_gets_404(client, played_session, other_facilitator):
    client.force_login(other_facilitator)
    assert client.get(reverse("printables:report_pdf", args=[played_session.pk])).status_code == 404
    assert client.get(reverse("printables:report_csv", args=[played_session.pk])).status_code == 404
    assert client.get(reverse("printables:report_pdf", args=[played_session.pk + 100])).status_code == 404


def test_the_owner_downloads_the_pdf(client, played_session, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("printables:report_pdf", args=[played_session.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"report-{played_session.code}.pdf" in response["Content-Disposition"]
    assert "Les <Chats> & co" in pdf_text(response.content)


def test_the_owner_downloads_the_csv_with_a_bom(client, played_session, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("printables:report_csv", args=[played_session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    head = ["Manche", "Phase", "Jeu", "Cartes", "Bonne réponse", "Équipe", "Réponse", "Points", "Maximum"]
    assert rows[0] == head
    assert len(rows) == 1 + 9 * 2  # a row per round and team
    b3 = played_session.deck.cards.get(key="B3").front  # the card's title, not its key
    phase = "Idées reçues\u00a0: vrai, faux ou ça dépend\u202f?"
    assert ["7", phase, "Vrai, faux ou ça dépend", b3, "Ça dépend", "Les Neurones", "Ça dépend", "10", "10"] in rows
    assert any(row[5] == "Les <Chats> & co" for row in rows)


def test_the_csv_gives_cards_and_answers_in_words_in_the_session_s_language(played_session):
    rows = list(csv.reader(io.StringIO(report_csv(report_data(played_session)))))
    by_round = {}
    for row in rows[1:]:
        by_round.setdefault(row[0], []).append(dict(zip(rows[0], row, strict=True)))
    cards = {card.key: card.front for card in played_session.deck.cards.all()}
    keys = set(cards)
    for row in rows[1:]:  # no card key, no option index, no team id anywhere
        for cell in row[2:]:
            assert not set(cell.replace("\n", " ").replace(",", " ").split()) & keys, cell
        assert row[5] in ("Les Neurones", "Les <Chats> & co")
    timeline = by_round["2"][0]
    assert timeline["Jeu"] == "Frise chronologique" and timeline["Cartes"].split("\n")[0] == cards["D1"]
    assert timeline["Bonne réponse"].split("\n")[0] == f"1. 1950 — {cards['D1']}"
    assert timeline["Réponse"].startswith(cards["D1"] + " → " + cards["D4"])
    assert timeline["Réponse"].endswith("\n28 paires sur 28 dans le bon ordre")
    assert (timeline["Points"], timeline["Maximum"]) == ("10", "10")
    chats = by_round["2"][1]  # two cards swapped twice: 26 of 28, 12 of the 14 beyond the deal
    assert chats["Réponse"].endswith("26 paires sur 28 dans le bon ordre") and chats["Points"] == "9"
    duel = by_round["3"][0]
    assert duel["Réponse"] == cards["A4"] and duel["Bonne réponse"] == cards["A31"] and duel["Points"] == "0"
    estimate = by_round["4"]
    assert [row["Réponse"] for row in estimate] == ["0,3\u00a0mL", "5\u202f000\u00a0mL"]
    assert [row["Points"] for row in estimate] == ["10", "0"]
    assert by_round["5"][0]["Réponse"] == "pas de réponse"
    verdict = by_round["6"]
    assert [row["Réponse"] for row in verdict] == ["Faux", "Vrai"] and verdict[0]["Bonne réponse"] == "Faux"
    poll = by_round["1"]  # counts at each step, in words; no points
    assert [row["Réponse"] for row in poll] == ["Plutôt pas d’accord : 1", "Tout à fait d’accord : 1"]
    assert [(row["Points"], row["Maximum"]) for row in poll] == [("0", "0")] * 2
    solutions = by_round["10"][0]
    assert solutions["Réponse"].split("\n") == [f"{n}. {cards[k]}" for n, k in enumerate(("C1", "C3", "C4"), 1)]
    assert solutions["Bonne réponse"].startswith("Pas de bonne réponse")


def test_the_csv_of_an_english_session_is_in_english(played_session):
    data = report_data(played_session) | {"language": "en"}
    rows = list(csv.reader(io.StringIO(report_csv(data))))
    assert rows[0] == ["Round", "Phase", "Game", "Cards", "Right answer", "Team", "Answer", "Points", "Maximum"]
    assert rows[1][2] == "Opinion shift" and "Rather disagree: 1" in [row[6] for row in rows]


def test_a_fact_in_the_report_shows_its_floor_scope_status_year_and_source():
    from cards.deckfile import card_to_dict
    from game.report import _card_for_report
    from tests.printables.decks import v2_cards

    a27 = v2_cards("fr")[1]
    card = _card_for_report(card_to_dict(a27), "fr")
    assert card["quantity"] == "plus de 29\u00a0Wh"
    assert card["scope"] == a27.scope and card["provenance"] == "Estimé · données 2025"
    data = {
        "title": "Démo",
        "code": "XYZ",
        "language": "fr",
        "deck": "Petit jeu",
        "created_at": "2026-01-05T09:30+00:00",
        "scoring": "competitive",
        "teams": [{"id": "t1", "name": "Hiboux", "members": ["Zoé"]}],
        "rounds": [
            {
                "number": 1,
                "index": 0,
                "phase": "Estimations",
                "mechanic": "verdict",
                "cards": [card],
                "answer": None,
                "answers": {"t1": "true"},
                "points": {"t1": 0},
            }
        ],
        "debrief": {"scoring": "competitive", "ranking": [], "misconceptions": [], "estimates": [], "solutions": []},
    }
    text = squeeze(pdf_text(report_pdf(data)))
    for needle in ("Réponse : plus de 29 Wh", f"Périmètre : {a27.scope}", "Statut : Estimé · données 2025", "Jegham"):
        assert squeeze(needle) in text, needle
