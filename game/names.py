"""Generated nicknames and default team names, for a room with five minutes to set up."""

from __future__ import annotations

import secrets

ANIMALS = {
    "fr": [
        "Loutre",
        "Hérisson",
        "Renard",
        "Chouette",
        "Lynx",
        "Castor",
        "Panda",
        "Koala",
        "Dauphin",
        "Colibri",
        "Manchot",
        "Écureuil",
        "Blaireau",
        "Bison",
        "Faucon",
        "Gecko",
        "Lama",
        "Morse",
        "Orque",
        "Tatou",
    ],
    "en": [
        "Otter",
        "Hedgehog",
        "Fox",
        "Owl",
        "Lynx",
        "Beaver",
        "Panda",
        "Koala",
        "Dolphin",
        "Hummingbird",
        "Penguin",
        "Squirrel",
        "Badger",
        "Bison",
        "Falcon",
        "Gecko",
        "Llama",
        "Walrus",
        "Orca",
        "Armadillo",
    ],
}
ADJECTIVES = {
    "fr": ["agile", "curieux", "malin", "sobre", "rapide", "calme", "futé", "joyeux", "vif", "sage"],
    "en": ["Nimble", "Curious", "Clever", "Frugal", "Quick", "Calm", "Witty", "Merry", "Bright", "Wise"],
}
TEAM_NAMES = {
    "fr": [
        "Les Neurones",
        "Les Octets",
        "Les Pixels",
        "Les Watts",
        "Les Algos",
        "Les Bits",
        "Les Serveurs",
        "Les Capteurs",
        "Les Données",
        "Les Circuits",
        "Les Modèles",
        "Les Puces",
    ],
    "en": [
        "Neurons",
        "Bytes",
        "Pixels",
        "Watts",
        "Algos",
        "Bits",
        "Servers",
        "Sensors",
        "Data",
        "Circuits",
        "Models",
        "Chips",
    ],
}


def nickname_generate(language: str) -> str:
    lang = language if language in ANIMALS else "fr"
    animal, adjective = secrets.choice(ANIMALS[lang]), secrets.choice(ADJECTIVES[lang])
    name = f"{animal} {adjective}" if lang == "fr" else f"{adjective} {animal}"
    return f"{name} {secrets.randbelow(90) + 10}"


def team_names(language: str, count: int) -> list[str]:
    names = TEAM_NAMES.get(language, TEAM_NAMES["fr"])
    word = "Équipe" if language == "fr" else "Team"
    return [names[i] if i < len(names) else f"{word} {i + 1}" for i in range(count)]
