"""The words a new portfolio starts with, in each language munintl ships.

``munintl init`` keeps an example's theme structure but not its language:
a new municipality's themes are titled, labelled and identified in its own
language (da, en, de, sv, nb, pl).  A language munintl has prepared no
words for gets no text -- validation then lists the text as untranslated
and reports fall back to English, shown as English -- and neutral English
ids.

The theme words are keyed by the example's theme ids
(:data:`THEME_TITLES`); ``tests/test_scaffold.py`` fails when an example
gains a theme that has none.
"""

from __future__ import annotations

import re
import unicodedata

#: The languages munintl has prepared a new portfolio's words in.
LANGUAGES: tuple[str, ...] = ("da", "en", "de", "sv", "nb", "pl")

#: Placeholder texts by kind and language.
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "goal": {
        "da": "Skriv målet her: hvad vil kommunen opnå på dette område?",
        "en": "Write the goal here: what does the municipality want to achieve?",
        "de": "Ziel hier eintragen: Was will die Kommune in diesem Bereich erreichen?",
        "sv": "Skriv målet här: vad vill kommunen uppnå inom detta område?",
        "nb": "Skriv målet her: hva vil kommunen oppnå på dette området?",
        "pl": "Wpisz tu cel: co gmina chce osiągnąć w tym obszarze?",
    },
    "title": {
        "da": "International strategi for {name}",
        "en": "International strategy of {name}",
        "de": "Internationale Strategie von {name}",
        "sv": "Internationell strategi för {name}",
        "nb": "Internasjonal strategi for {name}",
        "pl": "Strategia międzynarodowa: {name}",
    },
    "vision": {
        "da": "Skriv kommunens vision for det internationale arbejde her.",
        "en": "Write the municipality's vision for its international work here.",
        "de": "Hier die Vision der Kommune für ihre internationale Arbeit eintragen.",
        "sv": "Skriv kommunens vision för det internationella arbetet här.",
        "nb": "Skriv kommunens visjon for det internasjonale arbeidet her.",
        "pl": "Wpisz tu wizję gminy dotyczącą jej pracy międzynarodowej.",
    },
    "city-council": {
        "da": "Byrådet",
        "en": "City Council",
        "de": "Stadtrat",
        "sv": "Kommunfullmäktige",
        "nb": "Kommunestyret",
        "pl": "Rada Miejska",
    },
    "committee": {
        "da": "Udvalg (omdøb)",
        "en": "Committee (rename)",
        "de": "Ausschuss (umbenennen)",
        "sv": "Nämnd (byt namn)",
        "nb": "Utvalg (gi nytt navn)",
        "pl": "Komisja (zmień nazwę)",
    },
}

#: The country of a municipality writing in a language spoken as a
#: municipality's language in one country only.  For another language
#: (English, German ...) ``munintl init`` asks for ``--country`` rather than
#: take the example's.
COUNTRIES: dict[str, str] = {
    "da": "DK",
    "sv": "SE",
    "nb": "NO",
    "nn": "NO",
    "pl": "PL",
    "fi": "FI",
    "kl": "GL",
    "fo": "FO",
    "is": "IS",
    "et": "EE",
    "lv": "LV",
    "lt": "LT",
}

#: The id of a new portfolio's strategy, by language.
STRATEGY_IDS: dict[str, str] = {
    "da": "international-strategi",
    "en": "international-strategy",
    "de": "internationale-strategie",
    "sv": "internationell-strategi",
    "nb": "internasjonal-strategi",
    "pl": "strategia-miedzynarodowa",
}

#: The ids of the two bodies a new portfolio starts with, by language.
BODY_IDS: dict[str, dict[str, str]] = {
    "city-council": {
        "da": "byraadet",
        "en": "city-council",
        "de": "stadtrat",
        "sv": "kommunfullmaktige",
        "nb": "kommunestyret",
        "pl": "rada-miejska",
    },
    "committee": {
        "da": "udvalg",
        "en": "committee",
        "de": "ausschuss",
        "sv": "namnd",
        "nb": "utvalg",
        "pl": "komisja",
    },
}

#: The word for "goal" in a placeholder goal's id (``<theme>-<word>-<n>``).
GOAL_WORDS: dict[str, str] = {
    "da": "maal",
    "en": "goal",
    "de": "ziel",
    "sv": "mal",
    "nb": "mal",
    "pl": "cel",
}

#: The examples' themes, by the example's theme id: the title in each
#: language.  The new theme's id is made from the title in the
#: municipality's language (:func:`slug`).
THEME_TITLES: dict[str, dict[str, str]] = {
    # skanderborg
    "mangfoldighed-aabenhed-og-livskvalitet": {
        "da": "Mangfoldighed, åbenhed og livskvalitet",
        "en": "Diversity, openness and quality of life",
        "de": "Vielfalt, Offenheit und Lebensqualität",
        "sv": "Mångfald, öppenhet och livskvalitet",
        "nb": "Mangfold, åpenhet og livskvalitet",
        "pl": "Różnorodność, otwartość i jakość życia",
    },
    "borgerservice": {
        "da": "Borgerservice",
        "en": "Citizen service",
        "de": "Bürgerservice",
        "sv": "Medborgarservice",
        "nb": "Innbyggerservice",
        "pl": "Obsługa mieszkańców",
    },
    "aktivt-liv-og-interkulturel-forstaaelse": {
        "da": "Et aktivt liv og interkulturel forståelse",
        "en": "An active life and intercultural understanding",
        "de": "Ein aktives Leben und interkulturelles Verständnis",
        "sv": "Ett aktivt liv och interkulturell förståelse",
        "nb": "Et aktivt liv og interkulturell forståelse",
        "pl": "Aktywne życie i zrozumienie międzykulturowe",
    },
    "skole-og-uddannelsessamarbejde": {
        "da": "Internationalt skole- og uddannelsessamarbejde",
        "en": "International cooperation in schools and education",
        "de": "Internationale Zusammenarbeit in Schule und Bildung",
        "sv": "Internationellt samarbete inom skola och utbildning",
        "nb": "Internasjonalt samarbeid innen skole og utdanning",
        "pl": "Współpraca międzynarodowa w szkołach i edukacji",
    },
    "sundhed-omsorg-og-sociale-indsatser": {
        "da": "Sundhed, omsorg og sociale indsatser",
        "en": "Health, care and social services",
        "de": "Gesundheit, Pflege und Soziales",
        "sv": "Hälsa, omsorg och sociala insatser",
        "nb": "Helse, omsorg og sosiale tiltak",
        "pl": "Zdrowie, opieka i usługi społeczne",
    },
    "beskaeftigelse-og-arbejdsmarkedsforhold": {
        "da": "Beskæftigelse og arbejdsmarkedsforhold",
        "en": "Employment and labour-market affairs",
        "de": "Beschäftigung und Arbeitsmarkt",
        "sv": "Sysselsättning och arbetsmarknad",
        "nb": "Sysselsetting og arbeidsmarked",
        "pl": "Zatrudnienie i rynek pracy",
    },
    "klima-energi-og-miljoe": {
        "da": "Klima, energi og miljø",
        "en": "Climate, energy and environment",
        "de": "Klima, Energie und Umwelt",
        "sv": "Klimat, energi och miljö",
        "nb": "Klima, energi og miljø",
        "pl": "Klimat, energia i środowisko",
    },
    "erhvervs-og-byudvikling": {
        "da": "Erhvervs- og byudvikling",
        "en": "Business and urban development",
        "de": "Wirtschafts- und Stadtentwicklung",
        "sv": "Näringslivs- och stadsutveckling",
        "nb": "Nærings- og byutvikling",
        "pl": "Rozwój gospodarczy i miejski",
    },
    # exempelby (FICTIONAL)
    "hallbar-kust": {
        "da": "En bæredygtig kyst",
        "en": "A sustainable coast",
        "de": "Eine nachhaltige Küste",
        "sv": "Hållbar kust",
        "nb": "En bærekraftig kyst",
        "pl": "Zrównoważone wybrzeże",
    },
    "unga-i-varlden": {
        "da": "Unge i verden",
        "en": "Young people in the world",
        "de": "Junge Menschen in der Welt",
        "sv": "Unga i världen",
        "nb": "Unge i verden",
        "pl": "Młodzi ludzie w świecie",
    },
}

#: The examples' words for a theme (its label), by the English word.
THEME_LABELS: dict[str, dict[str, str]] = {
    "policy area": {
        "da": "politikområde",
        "en": "policy area",
        "de": "Politikfeld",
        "sv": "politikområde",
        "nb": "politikkområde",
        "pl": "obszar polityki",
    },
    "focus area": {
        "da": "fokusområde",
        "en": "focus area",
        "de": "Schwerpunkt",
        "sv": "fokusområde",
        "nb": "fokusområde",
        "pl": "obszar priorytetowy",
    },
}

# Letters NFKD does not take apart into a base letter and a mark.
_LETTERS = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss", "ł": "l", "đ": "d", "þ": "th"}
)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
# Swedish and German write å/ä/ö/ü as a, a, o, u in ids (hallbar-kust);
# Danish and Norwegian write æ, ø, å as ae, oe, aa (klima-energi-og-miljoe).
_PLAIN_VOWELS = {"sv", "de", "pl", "en"}


def slug(text: str, language: str = "da") -> str:
    """Make an id from ``text`` as ``language`` writes its letters in ASCII.

    >>> slug("Klima, energi og miljø", "da")
    'klima-energi-og-miljoe'
    >>> slug("Hållbar kust", "sv")
    'hallbar-kust'
    >>> slug("Współpraca międzynarodowa w szkołach", "pl")
    'wspolpraca-miedzynarodowa-w-szkolach'
    """
    text = text.lower()
    if language == "de":
        text = text.translate(_UMLAUTS)
    if language in _PLAIN_VOWELS:
        text = text.replace("å", "a")
    text = text.translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
