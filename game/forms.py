from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

NICKNAME_MAX = 24


class JoinForm(forms.Form):
    nickname = forms.CharField(label=_("Nickname"), max_length=NICKNAME_MAX, required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    # The form's own random id: the same form submitted twice is one join (services.player_join).
    attempt = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, teams: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["team"]).choices = [("", _("Place me"))] + [
            (t["id"], t["name"]) for t in teams
        ]
