"""The session's lifecycle (draft, lobby, playing, ended) is called `lifecycle`, apart from a
workshop's phases: the column and the key of the stored state are renamed. And a session's
footprint: the bytes and frames its phones moved, counted by the server (game.footprint)."""

import django.db.models.deletion
from django.db import migrations, models


def _rename_key(apps, old: str, new: str) -> None:
    GameSession = apps.get_model("game", "GameSession")
    for session in GameSession.objects.only("pk", "state").iterator():
        state = dict(session.state or {})
        if old in state:
            state[new] = state.pop(old)
            GameSession.objects.filter(pk=session.pk).update(state=state)


def forwards(apps, schema_editor):
    _rename_key(apps, "phase", "lifecycle")


def backwards(apps, schema_editor):
    _rename_key(apps, "lifecycle", "phase")


class Migration(migrations.Migration):
    dependencies = [("game", "0001_squashed_0003")]

    operations = [
        migrations.RenameField("gamesession", "phase", "lifecycle"),
        migrations.RunPython(forwards, backwards),
        migrations.CreateModel(
            name="SessionFootprint",
            fields=[
                (
                    "session",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="footprint",
                        serialize=False,
                        to="game.gamesession",
                    ),
                ),
                ("bytes_sent", models.BigIntegerField(default=0)),
                ("bytes_received", models.BigIntegerField(default=0)),
                ("frames_sent", models.BigIntegerField(default=0)),
                ("frames_received", models.BigIntegerField(default=0)),
                ("http_bytes", models.BigIntegerField(default=0)),
                ("http_responses", models.BigIntegerField(default=0)),
            ],
        ),
    ]
