from io import StringIO

import pytest
from django.core.management import call_command

from cards.models import Card, Deck
from cards.services import deck_import
from tests.cards.factories import deck_bytes, deck_document


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing():
    first = deck_import(raw=deck_bytes())
    ids = dict(Card.objects.values_list("key", "id"))
    second = deck_import(raw=deck_bytes())
    assert first.added == ["A7", "B3", "C8", "D1"]
    assert not second.changed and second.unchanged == 4
    assert dict(Card.objects.values_list("key", "id")) == ids


@pytest.mark.django_db
def test_an_edited_file_updates_cards_by_key():
    deck_import(raw=deck_bytes())
    a7 = Card.objects.get(key="A7")
    doc = deck_document()
    doc["cards"][0]["front"] = "Une requête à ChatGPT (corrigé)"
    doc["cards"][0]["sources"].append({"author": "Latitudes", "title": "", "year": None, "url": ""})
    doc["cards"] = [doc["cards"][0], doc["cards"][3], doc["cards"][1]]  # C8 dropped, D1 moved up
    doc["cards"].append(
        {
            "key": "D2",
            "kind": "history",
            "front": "Dartmouth",
            "back": "Le mot IA.",
            "year": 1956,
            "notes": "",
            "sources": [],
        }
    )
    report = deck_import(raw=deck_bytes(doc))
    assert (report.added, report.updated, report.removed) == (["D2"], ["A7", "D1", "B3"], ["C8"])
    a7_after = Card.objects.get(key="A7")
    assert a7_after.pk == a7.pk and a7_after.front.endswith("(corrigé)")
    assert [s.author for s in a7_after.sources.all()] == ["IEA", "Latitudes"]
    assert list(Deck.objects.get().cards.values_list("key", flat=True)) == ["A7", "D1", "B3", "D2"]


@pytest.mark.django_db
def test_dry_run_reports_and_writes_nothing(tmp_path):
    path = tmp_path / "d.json"
    path.write_bytes(deck_bytes())
    out = StringIO()
    call_command("import_deck", str(path), "--dry-run", stdout=out)
    assert "Dry run, nothing written" in out.getvalue() and "4 cards would be added" in out.getvalue()
    assert Deck.objects.count() == 0
