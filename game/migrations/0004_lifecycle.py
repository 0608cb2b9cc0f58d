"""The session's lifecycle (draft, lobby, playing, ended) is called `lifecycle`, apart from a
workshop's phases: the column and the key of the stored state are renamed."""

from django.db import migrations


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
    dependencies = [("game", "0003_workerheartbeat")]

    operations = [
        migrations.RenameField("gamesession", "phase", "lifecycle"),
        migrations.RunPython(forwards, backwards),
    ]
