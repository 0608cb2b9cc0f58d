import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = settings.BASE_DIR / ".local" / "facilitator-password.txt"


class Command(BaseCommand):
    help = (
        "Make sure a facilitator account exists (also admin of the decks). The password comes "
        "from FACILITATOR_PASSWORD, or is generated once and kept in .local/ (never in git)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("FACILITATOR_USERNAME", "animateur"))

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = os.environ.get("FACILITATOR_PASSWORD", "")
        if user is None:
            if not password:
                password = PASSWORD_FILE.read_text().strip() if PASSWORD_FILE.exists() else secrets.token_urlsafe(12)
                PASSWORD_FILE.parent.mkdir(exist_ok=True)
                PASSWORD_FILE.write_text(password + "\n")
                PASSWORD_FILE.chmod(0o600)
            User.objects.create_superuser(username=username, email="", password=password)
            self.stdout.write(f"Facilitator account created: {username} / {password}")
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(f"Facilitator account {username}: password set from FACILITATOR_PASSWORD.")
        port = os.environ.get("PORT", "8000")
        if PASSWORD_FILE.exists() and not os.environ.get("FACILITATOR_PASSWORD"):
            shown = PASSWORD_FILE.read_text().strip()
            where = PASSWORD_FILE.relative_to(settings.BASE_DIR)
            self.stdout.write(
                f"Log in at http://127.0.0.1:{port}/login/ as {username!r}, password {shown!r} (kept in {where})."
            )
        else:
            self.stdout.write(
                f"Log in at http://127.0.0.1:{port}/login/ as {username!r}; "
                f"forgot the password? python manage.py changepassword {username}"
            )
