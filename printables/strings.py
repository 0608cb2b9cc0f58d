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
        "scope": "Périmètre",
        "in_guide": "L’explication est dans le guide de l’animateur.",
        "fronts": "recto",
        "backs": "verso",
        "sheet_label": "{side} {n}/{total}",
        "sheet": "feuille",
        "status": "Statut",
        "and_others": "et {n} autre(s) dans le guide",
        "kit_title": "kit de l’animateur",
        "kit_subject": "Règles, guide de l’animateur ({n} cartes), feuille de score, affiche, sources",
        "fronts_only": "recto seulement",
        "backs_only": "verso seulement",
        "deck_pdf_title": "{n} cartes {size}",
        "duplex.long": "recto verso bord long",
        "duplex.short": "recto verso bord court",
        "duplex.fold": "recto seul, à plier",
        "howto.title": "Comment imprimer ce jeu",
        "howto.summary": (
            "<b>{title}</b> : {n} cartes {size} ({w} × {h} mm), {per_sheet} par feuille {paper}, "
            "{sheets} feuilles de cartes ({pages} pages) après celle-ci."
        ),
        "howto.scale": (
            "Imprimez à <b>100 %</b> (taille réelle) : décochez « Ajuster à la page » ou « Réduire ». "
            "La règle en bas de cette page doit mesurer exactement 50 mm."
        ),
        "howto.sides.long": (
            "Imprimez en <b>recto verso, retournement sur le bord long</b>. Cette première feuille a un "
            "verso blanc : les cartes commencent à la feuille 2."
        ),
        "howto.sides.short": (
            "Imprimez en <b>recto verso, retournement sur le bord court</b>. Cette première feuille a un "
            "verso blanc : les cartes commencent à la feuille 2."
        ),
        "howto.sides.fold": (
            "Imprimez en <b>recto seul</b> : chaque carte est imprimée avec son verso à côté d’elle, "
            "séparés par la ligne de pliure en pointillés."
        ),
        "howto.sheets": "Il faut <b>{total_sheets} feuilles</b> (celle-ci comprise), {pages} pages de cartes.",
        "howto.sheets_fold": "Il faut <b>{total_sheets} feuilles</b> (celle-ci comprise).",
        "howto.paper": (
            "Papier {paper} épais (200 à 300 g/m²) si l’imprimante l’accepte ; sinon du 160 g/m², "
            "ou collez les cartes sur du carton fin."
        ),
        "howto.calibrate": (
            "Pour que chaque verso tombe derrière son recto, imprimez d’abord la page de calibrage "
            "(tableau de bord → Imprimer) et reportez les décalages mesurés dans le formulaire."
        ),
        "howto.fold_glue": (
            "Pliez chaque paire sur la ligne en pointillés, dos contre dos, et collez-la avant de découper."
        ),
        "howto.no_duplex": (
            "Sans imprimante recto verso : imprimez « recto seulement », remettez la pile dans le bac "
            "(dans le sens indiqué par votre imprimante), puis imprimez « verso seulement »."
        ),
        "howto.cut": (
            "Découpez au massicot, ou au cutter le long d’une règle. Les traits de coupe sont dans les "
            "marges : chaque ligne de coupe traverse toute la feuille, d’un trait au trait opposé."
        ),
        "howto.cut_order": (
            "Ordre de coupe, recto face à vous : d’abord les {cuts_h} traits horizontaux, ce qui donne "
            "{rows} bandes ; puis, sur chaque bande, les {cuts_v} traits verticaux. Les chutes entre les "
            "cartes (2 mm) partent à la poubelle."
        ),
        "howto.labels": (
            "Chaque feuille porte son numéro dans la marge du bas (« recto 1/8 », « verso 1/8 ») : "
            "gardez les feuilles dans l’ordre."
        ),
        "howto.grayscale": "Version en niveaux de gris : pas d’aplats de couleur, l’encre est épargnée.",
        "howto.bar": "50 mm : mesurez cette règle, elle vérifie l’échelle",
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
            "verticalement (y), côté + ou côté −. Saisissez ces valeurs dans la page Imprimer du tableau "
            "de bord (décalage des versos, x et y) et imprimez le jeu avec les mêmes réglages ; en ligne de "
            "commande, print_deck --offset-x et --offset-y. Réimprimez cette page avec ces valeurs pour "
            "vérifier : les croix doivent tomber sur 0."
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
        "report.debrief": "Le bilan",
        "report.ranking": "Classement",
        "report.rank": "Rang",
        "report.score": "Score",
        "report.room_score": "Score de toute la salle",
        "report.none": "Rien à signaler.",
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
        "scope": "Scope",
        "in_guide": "The explanation is in the facilitator guide.",
        "fronts": "fronts",
        "backs": "backs",
        "sheet_label": "{side} {n}/{total}",
        "sheet": "sheet",
        "status": "Status",
        "and_others": "and {n} more in the guide",
        "kit_title": "facilitator kit",
        "kit_subject": "Rules, facilitator guide ({n} cards), score sheet, poster, sources",
        "fronts_only": "fronts only",
        "backs_only": "backs only",
        "deck_pdf_title": "{n} {size} cards",
        "duplex.long": "double-sided, long edge",
        "duplex.short": "double-sided, short edge",
        "duplex.fold": "single-sided, to fold",
        "howto.title": "How to print this deck",
        "howto.summary": (
            "<b>{title}</b>: {n} {size} cards ({w} × {h} mm), {per_sheet} to a {paper} sheet, "
            "{sheets} sheets of cards ({pages} pages) after this one."
        ),
        "howto.scale": (
            "Print at <b>100 %</b> (actual size): untick “Fit to page” or “Shrink”. The ruler at the "
            "bottom of this page must measure exactly 50 mm."
        ),
        "howto.sides.long": (
            "Print <b>double-sided, flipping on the long edge</b>. This first sheet has a blank back: "
            "the cards start on sheet 2."
        ),
        "howto.sides.short": (
            "Print <b>double-sided, flipping on the short edge</b>. This first sheet has a blank back: "
            "the cards start on sheet 2."
        ),
        "howto.sides.fold": (
            "Print <b>single-sided</b>: each card is printed with its back beside it, the two "
            "separated by the dashed fold line."
        ),
        "howto.sheets": "You need <b>{total_sheets} sheets</b> (this one included), {pages} pages of cards.",
        "howto.sheets_fold": "You need <b>{total_sheets} sheets</b> (this one included).",
        "howto.paper": (
            "Thick {paper} paper (200 to 300 g/m²) if the printer takes it; otherwise 160 g/m², or "
            "glue the cards onto thin card."
        ),
        "howto.calibrate": (
            "So that each back lands behind its front, first print the calibration page (dashboard → "
            "Print) and enter the offsets you measure in the form."
        ),
        "howto.fold_glue": "Fold each pair on the dashed line, back to back, and glue it before cutting.",
        "howto.no_duplex": (
            "No double-sided printer: print “fronts only”, put the stack back in the tray (the way "
            "your printer shows), then print “backs only”."
        ),
        "howto.cut": (
            "Cut with a guillotine, or a craft knife along a ruler. The crop marks are in the margins: "
            "each cutting line crosses the whole sheet, from one mark to the mark opposite."
        ),
        "howto.cut_order": (
            "Cutting order, front facing you: first the {cuts_h} horizontal marks, which gives {rows} "
            "strips; then, on each strip, the {cuts_v} vertical marks. The 2 mm strips between the "
            "cards are waste."
        ),
        "howto.labels": (
            "Each sheet carries its number in the bottom margin (“fronts 1/8”, “backs 1/8”): keep the sheets in order."
        ),
        "howto.grayscale": "Grayscale version: no colour fills, the ink is spared.",
        "howto.bar": "50 mm: measure this ruler to check the scale",
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
            "(x) and vertically (y), on the + or the − side. Enter these values in the dashboard's Print "
            "page (offset of the backs, x and y) and print the deck with the same settings; on the command "
            "line, print_deck --offset-x and --offset-y. Print this page again with these values to check: "
            "the crosses should fall on 0."
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
        "report.debrief": "The debrief",
        "report.ranking": "Ranking",
        "report.rank": "Rank",
        "report.score": "Score",
        "report.room_score": "The whole room's score",
        "report.none": "Nothing to report.",
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
