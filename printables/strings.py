"""The printed words, one small dict per deck language (French first)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "kind.fact": "Impact",
        "kind.misconception": "Idée reçue",
        "kind.solution": "Solution",
        "kind.history": "Histoire",
        "verdict.true": "Vrai",
        "verdict.false": "Faux",
        "verdict.depends": "Ça dépend",
        "actor.individual": "Individus",
        "actor.organisation": "Organisations",
        "actor.policy": "Pouvoirs publics",
        "who_acts": "Qui peut agir",
        "answer": "Réponse",
        "source": "Source",
        "sources": "Sources",
        "version": "v",
        "rules": "Règles du jeu",
        "guide": "Guide de l'animateur",
        "score_sheet": "Feuille de score",
        "poster": "Affiche : rejoindre la partie",
        "appendix": "Annexe : les sources",
        "talking_points": "Pistes de discussion",
        "explanation": "Explication",
        "front": "Recto",
        "team": "Équipe",
        "total": "Total",
        "bonus": "Bonus",
        "cited_by": "citée par",
        "no_source": "Aucune source.",
        "join_title": "Rejoignez la partie !",
        "join_scan": "Scannez le code QR avec votre téléphone",
        "join_or": "ou allez sur",
        "join_go": "Allez sur",
        "join_enter": "et saisissez le code",
        "join_code": "Code de la partie",
        "join_write": "Code à écrire ici",
        "cards_count": "cartes",
        "page": "page",
        "calibration": "Calibrage recto verso",
        "calibration_front": "RECTO — imprimez cette page en recto verso avec les mêmes réglages que le jeu.",
        "calibration_back": "VERSO — à regarder en transparence, face verso vers vous.",
        "calibration_howto": (
            "Tenez la feuille devant une lumière, verso face à vous. Chaque croix du recto apparaît sur les "
            "règles du verso : lisez les graduations (en mm) où elle tombe, horizontalement (x) et "
            "verticalement (y). Imprimez ensuite le jeu avec ces valeurs : --offset-x et --offset-y "
            "(ou offset_x et offset_y dans l'adresse). Réimprimez cette page pour vérifier : les croix "
            "doivent tomber sur 0."
        ),
        "calibration_current": "Décalage du verso appliqué à cette impression",
        "report": "Compte rendu de séance",
        "report.session": "La séance",
        "report.deck": "Jeu",
        "report.date": "Date",
        "report.code": "Code",
        "report.scoring": "Mode",
        "report.scoring.competitive": "Compétitif (équipes classées)",
        "report.scoring.cooperative": "Coopératif (toute la salle ensemble)",
        "report.rounds_played": "Manches jouées",
        "report.teams": "Équipes",
        "report.members": "Membres",
        "report.nobody": "personne",
        "report.rounds": "Les manches",
        "report.round": "Manche",
        "report.no_round": "Aucune manche jouée pour l'instant.",
        "report.phase": "Phase",
        "report.cards": "Cartes",
        "report.card": "Carte",
        "report.right_answer": "Bonne réponse",
        "report.team_answer": "Réponse",
        "report.points": "Points",
        "report.no_answer": "pas de réponse",
        "report.no_right_answer": "Pas de bonne réponse : chaque équipe choisit et classe ses solutions.",
        "report.room_choices": "Les choix de la salle",
        "report.chosen_by": "choisie par",
        "report.teams_count": "équipe(s)",
        "report.ranks": "Rangs 1/2/3",
        "report.weight": "Poids",
        "report.debrief": "Le bilan",
        "report.ranking": "Classement",
        "report.rank": "Rang",
        "report.score": "Score",
        "report.room_score": "Score de toute la salle",
        "report.misconceptions": "Les idées reçues les plus trompeuses",
        "report.wrong": "Erreurs",
        "report.estimates": "Les estimations les plus éloignées",
        "report.true_value": "Vraie valeur",
        "report.guesses": "Estimations",
        "report.off": "Écart moyen (ordres de grandeur)",
        "report.solutions": "Les solutions les plus choisies",
        "report.chosen": "Choisie",
        "report.none": "Rien à signaler.",
        "mechanic.verdict": "Vrai, faux ou ça dépend",
        "mechanic.duel": "Duel : laquelle pèse le plus ?",
        "mechanic.estimate": "Estimation",
        "mechanic.timeline": "Frise chronologique",
        "mechanic.solutions": "Solutions à choisir et classer",
        "mechanic.info": "Temps sans carte",
        "plan_minutes": "min",
    },
    "en": {
        "kind.fact": "Impact",
        "kind.misconception": "Misconception",
        "kind.solution": "Solution",
        "kind.history": "History",
        "verdict.true": "True",
        "verdict.false": "False",
        "verdict.depends": "It depends",
        "actor.individual": "Individuals",
        "actor.organisation": "Organisations",
        "actor.policy": "Public policy",
        "who_acts": "Who can act",
        "answer": "Answer",
        "source": "Source",
        "sources": "Sources",
        "version": "v",
        "rules": "Rules of the game",
        "guide": "Facilitator guide",
        "score_sheet": "Score sheet",
        "poster": "Poster: join the game",
        "appendix": "Appendix: sources",
        "talking_points": "Talking points",
        "explanation": "Explanation",
        "front": "Front",
        "team": "Team",
        "total": "Total",
        "bonus": "Bonus",
        "cited_by": "cited by",
        "no_source": "No source.",
        "join_title": "Join the game!",
        "join_scan": "Scan the QR code with your phone",
        "join_or": "or go to",
        "join_go": "Go to",
        "join_enter": "and enter the code",
        "join_code": "Game code",
        "join_write": "Write the code here",
        "cards_count": "cards",
        "page": "page",
        "calibration": "Duplex calibration",
        "calibration_front": "FRONT — print this page double-sided with the same settings as the deck.",
        "calibration_back": "BACK — look at it against the light, back side facing you.",
        "calibration_howto": (
            "Hold the sheet against a light, back side facing you. Each cross printed on the front shows "
            "through onto the rulers of the back: read the graduation (in mm) where it falls, horizontally "
            "(x) and vertically (y). Then print the deck with these values: --offset-x and --offset-y (or "
            "offset_x and offset_y in the address). Print this page again to check: the crosses should "
            "fall on 0."
        ),
        "calibration_current": "Back offset applied to this print",
        "report": "Session report",
        "report.session": "The session",
        "report.deck": "Deck",
        "report.date": "Date",
        "report.code": "Code",
        "report.scoring": "Scoring",
        "report.scoring.competitive": "Competitive (teams ranked)",
        "report.scoring.cooperative": "Cooperative (the whole room together)",
        "report.rounds_played": "Rounds played",
        "report.teams": "Teams",
        "report.members": "Members",
        "report.nobody": "nobody",
        "report.rounds": "The rounds",
        "report.round": "Round",
        "report.no_round": "No round played yet.",
        "report.phase": "Phase",
        "report.cards": "Cards",
        "report.card": "Card",
        "report.right_answer": "Right answer",
        "report.team_answer": "Answer",
        "report.points": "Points",
        "report.no_answer": "no answer",
        "report.no_right_answer": "No right answer: each team chooses and ranks its solutions.",
        "report.room_choices": "The room's choices",
        "report.chosen_by": "chosen by",
        "report.teams_count": "team(s)",
        "report.ranks": "Ranks 1/2/3",
        "report.weight": "Weight",
        "report.debrief": "The debrief",
        "report.ranking": "Ranking",
        "report.rank": "Rank",
        "report.score": "Score",
        "report.room_score": "The whole room's score",
        "report.misconceptions": "The most misleading misconceptions",
        "report.wrong": "Wrong",
        "report.estimates": "The estimates furthest off",
        "report.true_value": "True value",
        "report.guesses": "Guesses",
        "report.off": "Mean gap (orders of magnitude)",
        "report.solutions": "The solutions chosen most",
        "report.chosen": "Chosen",
        "report.none": "Nothing to report.",
        "mechanic.verdict": "True, false or it depends",
        "mechanic.duel": "Duel: which weighs more?",
        "mechanic.estimate": "Estimate",
        "mechanic.timeline": "Timeline",
        "mechanic.solutions": "Solutions to choose and rank",
        "mechanic.info": "Time without cards",
        "plan_minutes": "min",
    },
}

RULES: dict[str, list[tuple[str, str]]] = {
    "fr": [
        (
            "Le principe",
            "Des équipes de 3 à 6 personnes jouent avec les cartes du jeu pour découvrir les impacts de "
            "l'intelligence artificielle : son histoire, ce qu'elle consomme, les idées reçues qui "
            "l'entourent et ce que chacun peut faire. Le recto de chaque carte pose la question, le verso "
            "donne la réponse, une explication et la source.",
        ),
        (
            "Les quatre sortes de cartes",
            "● Impact : un usage ou un événement ; il faut comparer deux cartes (laquelle pèse le plus ?) "
            "ou estimer la valeur.\n▲ Idée reçue : une affirmation ; chaque équipe vote vrai, faux ou « ça "
            "dépend ».\n■ Solution : une action ; les équipes choisissent et classent les solutions pour un "
            "scénario.\n◆ Histoire : une étape de l'IA ; les équipes la placent sur la frise chronologique.",
        ),
        (
            "Un tour de jeu",
            "L'animateur lit le recto à voix haute. Les équipes discutent et donnent leur réponse dans le "
            "temps imparti (2 minutes environ). L'animateur retourne la carte, lit la réponse et "
            "l'explication, puis lance la discussion.",
        ),
        (
            "Les points",
            "Une bonne réponse rapporte 1 point (duel, vrai/faux/ça dépend, carte bien placée sur la frise). "
            "Pour une estimation, l'équipe la plus proche gagne 2 points. Une solution bien défendue peut "
            "valoir un point bonus. En mode coopératif, toute la salle marque ensemble.",
        ),
        (
            "L'essentiel",
            "Le but n'est pas de gagner mais de comprendre : chaque réponse est une occasion d'en parler. "
            "Les sources sont au dos des cartes et dans l'annexe.",
        ),
    ],
    "en": [
        (
            "The idea",
            "Teams of 3 to 6 people play with the deck's cards to discover the impacts of artificial "
            "intelligence: its history, what it consumes, the misconceptions around it and what everyone "
            "can do. The front of each card asks, the back gives the answer, an explanation and the source.",
        ),
        (
            "Four kinds of cards",
            "● Impact: a usage or an event; compare two cards (which weighs more?) or estimate the value.\n"
            "▲ Misconception: a statement; each team votes true, false or “it depends”.\n■ Solution: an "
            "action; teams choose and rank solutions for a scenario.\n◆ History: an AI milestone; teams "
            "place it on the timeline.",
        ),
        (
            "A round",
            "The facilitator reads the front aloud. Teams discuss and give their answer in the allotted "
            "time (about 2 minutes). The facilitator turns the card over, reads the answer and the "
            "explanation, then opens the discussion.",
        ),
        (
            "Points",
            "A right answer scores 1 point (duel, true/false/it depends, card well placed on the timeline). "
            "For an estimate, the closest team scores 2 points. A well-argued solution may earn a bonus "
            "point. In cooperative mode, the whole room scores together.",
        ),
        (
            "What matters",
            "The goal is not to win but to understand: every answer is a chance to talk. The sources are "
            "on the back of the cards and in the appendix.",
        ),
    ],
}


def strings_for(language: str) -> dict[str, str]:
    return STRINGS.get(language, STRINGS["en"])
