"""The built-in codelists, labelled in Danish, English and German.

Every code field of the model names one of these vocabularies (its
``codelist`` metadata).  *Closed* lists allow only their codes; *open* lists
are starting points a municipality or plugin may extend (a plugin returning a
codelist with the same scheme adds its codes).

Where a code has a counterpart in an international standard, the codelist's
``mappings`` crosswalk it: ``mappings[code]["iati"]`` is the code in the IATI
list named by the codelist's ``source`` (ActivityStatus for
``initiative-status``, OrganisationRole for ``organisation-role``, ResultType
for ``result-type``), so an IATI exporter needs no table of its own.
"""

from __future__ import annotations

import attrs

from munintl.hooks import hookimpl
from munintl.model import STATUS_AFTER_EVENT, CodeItem, Codelist, LocalizedText

#: One code and its labels: (code, Danish, English, German).
Row = tuple[str, str, str, str]

_IATI = "https://iatistandard.org/en/iati-standard/203/codelists/"


def _text(da: str, en: str, de: str) -> LocalizedText:
    return LocalizedText(values={"da": da, "en": en, "de": de})


def _codelist(
    scheme: str,
    title: tuple[str, str, str],
    rows: tuple[Row, ...],
    *,
    open_: bool,
    source: str | None = None,
    iati: tuple[str, ...] = (),
) -> Codelist:
    """Build a codelist from a table; ``iati`` lists the IATI code of each row.

    ``iati`` is given in row order and may be shorter than ``rows``: codes
    after its end have no IATI counterpart.
    """
    return Codelist(
        scheme=scheme,
        title=_text(*title),
        open=open_,
        source=source,
        items=tuple(
            CodeItem(code=code, label=_text(da, en, de)) for code, da, en, de in rows
        ),
        mappings={
            row[0]: {"iati": value} for row, value in zip(rows, iati, strict=False)
        },
    )


_OTHER: Row = ("other", "Andet", "Other", "Sonstiges")

BODY_TYPES: tuple[Row, ...] = (
    ("city-council", "Byråd", "City council", "Stadtrat"),
    ("committee", "Udvalg", "Committee", "Ausschuss"),
    ("administration", "Forvaltning", "Administration", "Verwaltung"),
    ("department", "Afdeling", "Department", "Abteilung"),
    ("secretariat", "Sekretariat", "Secretariat", "Sekretariat"),
    ("staff-unit", "Stabsenhed", "Staff unit", "Stabsstelle"),
    ("project-group", "Projektgruppe", "Project group", "Projektgruppe"),
    ("company", "Selskab", "Company", "Unternehmen"),
    ("association", "Forening", "Association", "Verein"),
    ("office", "Embede", "Office", "Amt"),
    _OTHER,
)

ORGANISATION_TYPES: tuple[Row, ...] = (
    ("municipality", "Kommune", "Municipality", "Gemeinde"),
    ("region", "Region", "Region", "Region"),
    ("country", "Land", "Country", "Staat"),
    ("territory", "Territorium", "Territory", "Gebiet"),
    ("university", "Universitet", "University", "Universität"),
    ("company", "Virksomhed", "Company", "Unternehmen"),
    ("association", "Forening", "Association", "Verein"),
    ("network", "Netværk", "Network", "Netzwerk"),
    ("eu-office", "EU-kontor", "EU office", "EU-Büro"),
    ("government-agency", "Statslig myndighed", "Government agency", "Behörde"),
    ("foundation", "Fond", "Foundation", "Stiftung"),
    ("school", "Skole", "School", "Schule"),
    _OTHER,
)

INITIATIVE_KINDS: tuple[Row, ...] = (
    ("project", "Projekt", "Project", "Projekt"),
    ("eu-project", "EU-projekt", "EU project", "EU-Projekt"),
    ("programme", "Program", "Programme", "Programm"),
    ("network", "Netværk", "Network", "Netzwerk"),
    (
        "network-membership",
        "Netværksmedlemskab",
        "Network membership",
        "Netzwerkmitgliedschaft",
    ),
    ("service", "Serviceydelse", "Service", "Dienstleistung"),
    ("event", "Arrangement", "Event", "Veranstaltung"),
    ("study-visit", "Studietur", "Study visit", "Studienreise"),
    ("staff-exchange", "Medarbejderudveksling", "Staff exchange", "Personalaustausch"),
    ("delegation", "Delegation", "Delegation", "Delegation"),
    ("office", "Kontor", "Office", "Büro"),
    _OTHER,
)

INITIATIVE_STATUSES: tuple[Row, ...] = (
    ("pipeline", "Under forberedelse", "Pipeline", "In Vorbereitung"),
    ("implementation", "Under gennemførelse", "Implementation", "In Durchführung"),
    ("finalisation", "Afslutningsfase", "Finalisation", "Abschlussphase"),
    ("closed", "Afsluttet", "Closed", "Abgeschlossen"),
    ("cancelled", "Annulleret", "Cancelled", "Abgebrochen"),
    ("suspended", "Sat i bero", "Suspended", "Ausgesetzt"),
)

PROGRESS_STATUSES: tuple[Row, ...] = (
    ("not-started", "Ikke startet", "Not started", "Nicht begonnen"),
    ("on-track", "Planmæssigt", "On track", "Im Plan"),
    ("at-risk", "I risiko", "At risk", "Gefährdet"),
    ("delayed", "Forsinket", "Delayed", "Verzögert"),
    ("completed", "Gennemført", "Completed", "Abgeschlossen"),
    ("discontinued", "Stoppet", "Discontinued", "Eingestellt"),
    ("not-assessed", "Ikke vurderet", "Not assessed", "Nicht bewertet"),
)

PARTNERSHIP_KINDS: tuple[Row, ...] = (
    # The kind of relationship, not the partner: "Twinning", not "Twin town".
    ("twinning", "Venskabsbysamarbejde", "Twinning", "Städtepartnerschaft"),
    ("partner-city", "Partnerby", "Partner city", "Partnerstadt"),
    ("friendship", "Venskabsaftale", "Friendship agreement", "Städtefreundschaft"),
    (
        "cooperation-agreement",
        "Samarbejdsaftale",
        "Cooperation agreement",
        "Kooperationsvereinbarung",
    ),
    (
        "memorandum",
        "Hensigtserklæring",
        "Memorandum of understanding",
        "Absichtserklärung",
    ),
    (
        "network-membership",
        "Netværksmedlemskab",
        "Network membership",
        "Netzwerkmitgliedschaft",
    ),
)

#: The statuses a partnership's events leave a party in (derived, never
#: stored: see :data:`munintl.model.STATUS_AFTER_EVENT`).
PARTNERSHIP_STATUSES: tuple[Row, ...] = (
    ("proposed", "Foreslået", "Proposed", "Vorgeschlagen"),
    ("active", "Aktiv", "Active", "Aktiv"),
    ("renewed", "Fornyet", "Renewed", "Verlängert"),
    ("expired", "Udløbet", "Expired", "Abgelaufen"),
    ("limited", "Begrænset", "Limited", "Eingeschränkt"),
    ("suspended", "Suspenderet", "Suspended", "Ausgesetzt"),
    ("dormant", "Hvilende", "Dormant", "Ruhend"),
    ("ended", "Afsluttet", "Ended", "Beendet"),
    ("relinquished", "Opgivet", "Relinquished", "Aufgegeben"),
    ("transferred", "Overdraget", "Transferred", "Übertragen"),
    (
        "handed-over",
        "Overdraget til civilsamfundet",
        "Handed over to civil society",
        "An die Zivilgesellschaft übergeben",
    ),
    ("replaced", "Afløst", "Replaced", "Abgelöst"),
)

#: The states of a follow-up (the model's ``FollowUp.state``).
FOLLOW_UP_STATES: tuple[Row, ...] = (
    ("draft", "Kladde", "Draft", "Entwurf"),
    ("submitted", "Forelagt", "Submitted", "Vorgelegt"),
    ("noted", "Taget til efterretning", "Noted", "Zur Kenntnis genommen"),
    ("decided", "Besluttet", "Decided", "Beschlossen"),
)

PARTNERSHIP_EVENTS: tuple[Row, ...] = (
    ("proposed", "Foreslået", "Proposed", "Vorgeschlagen"),
    ("signed", "Underskrevet", "Signed", "Unterzeichnet"),
    # Joining and leaving a network or a cooperation that has no agreement
    # to sign (the membership is the relationship).
    ("joined", "Tiltrådt", "Joined", "Beigetreten"),
    ("re-signed", "Genunderskrevet", "Re-signed", "Erneut unterzeichnet"),
    ("renewed", "Fornyet", "Renewed", "Verlängert"),
    ("reviewed", "Evalueret", "Reviewed", "Überprüft"),
    ("noted", "Taget til efterretning", "Noted", "Zur Kenntnis genommen"),
    ("suspended", "Sat i bero", "Suspended", "Ausgesetzt"),
    ("resumed", "Genoptaget", "Resumed", "Wieder aufgenommen"),
    ("dormant", "Hvilende", "Dormant", "Ruhend"),
    ("ended", "Ophørt", "Ended", "Beendet"),
    ("left", "Udtrådt", "Left", "Ausgetreten"),
    ("transferred", "Overdraget", "Transferred", "Übertragen"),
    ("limited", "Begrænset", "Limited (scaled down)", "Eingeschränkt"),
    (
        "retained",
        "Fastholdt ved beslutning",
        "Retained by decision",
        "Durch Beschluss beibehalten",
    ),
    ("reaffirmed", "Bekræftet på ny", "Reaffirmed", "Erneut bekräftigt"),
    (
        "relinquished",
        "Opgivet ved beslutning",
        "Relinquished by decision",
        "Durch Beschluss aufgegeben",
    ),
    (
        "handed-over",
        "Overdraget til civilsamfundet",
        "Handed over to civil society",
        "An die Zivilgesellschaft übergeben",
    ),
    ("kind-changed", "Ny type", "Changed kind", "Art geändert"),
    (
        "replaced",
        "Afløst af en anden aftale",
        "Replaced by another agreement",
        "Durch eine andere Vereinbarung abgelöst",
    ),
)

ORGANISATION_ROLES: tuple[Row, ...] = (
    ("funding", "Bevillingsgiver", "Funding", "Geldgeber"),
    ("accountable", "Ansvarlig", "Accountable", "Verantwortlich"),
    ("extending", "Forvaltende", "Extending", "Mittelverwaltend"),
    ("implementing", "Udførende", "Implementing", "Durchführend"),
    ("partner", "Partner", "Partner", "Partner"),
    ("associated", "Associeret partner", "Associated partner", "Assoziierter Partner"),
    ("member", "Medlem", "Member", "Mitglied"),
    ("host", "Vært", "Host", "Gastgeber"),
)

DECISION_OUTCOMES: tuple[Row, ...] = (
    ("noted", "Taget til efterretning", "Noted", "Zur Kenntnis genommen"),
    ("approved", "Godkendt", "Approved", "Genehmigt"),
    (
        "approved-with-changes",
        "Godkendt med ændringer",
        "Approved with changes",
        "Mit Änderungen genehmigt",
    ),
    ("rejected", "Afvist", "Rejected", "Abgelehnt"),
    ("postponed", "Udsat", "Postponed", "Vertagt"),
    ("retain", "Fastholdt", "Retained", "Beibehalten"),
    ("relinquish", "Opgivet", "Relinquished", "Aufgegeben"),
    ("renew", "Fornyet", "Renewed", "Verlängert"),
    ("end", "Afsluttet", "Ended", "Beendet"),
)

FUNDING_PROGRAMMES: tuple[Row, ...] = (
    # ESF+ is the fund's name only from the 2021-2027 programme period on;
    # a project of 2010 had ESF money.
    (
        "esf",
        "Den Europæiske Socialfond (ESF)",
        "European Social Fund (ESF)",
        "Europäischer Sozialfonds (ESF)",
    ),
    (
        "esf-plus",
        "Den Europæiske Socialfond Plus (ESF+)",
        "European Social Fund Plus (ESF+)",
        "Europäischer Sozialfonds Plus (ESF+)",
    ),
    (
        "erdf",
        "Den Europæiske Fond for Regionaludvikling (EFRU)",
        "European Regional Development Fund (ERDF)",
        "Europäischer Fonds für regionale Entwicklung (EFRE)",
    ),
    ("interreg", "Interreg", "Interreg", "Interreg"),
    ("urbact", "URBACT", "URBACT", "URBACT"),
    ("erasmus-plus", "Erasmus+", "Erasmus+", "Erasmus+"),
    ("horizon", "Horizon Europe", "Horizon Europe", "Horizont Europa"),
    ("life", "LIFE-programmet", "LIFE programme", "LIFE-Programm"),
    ("creative-europe", "Et Kreativt Europa", "Creative Europe", "Kreatives Europa"),
    (
        "nordic-innovation",
        "Nordisk Innovation",
        "Nordic Innovation",
        "Nordic Innovation",
    ),
    ("national", "National pulje", "National fund", "Nationale Förderung"),
    ("regional", "Regional pulje", "Regional fund", "Regionale Förderung"),
    ("municipal", "Kommunal pulje", "Municipal fund", "Kommunale Mittel"),
    _OTHER,
)

RESULT_TYPES: tuple[Row, ...] = (
    ("output", "Leverance (output)", "Output", "Leistung (Output)"),
    ("outcome", "Virkning (outcome)", "Outcome", "Wirkung (Outcome)"),
    ("impact", "Langsigtet effekt (impact)", "Impact", "Langfristige Wirkung (Impact)"),
    _OTHER,
)

STRATEGY_STATUSES: tuple[Row, ...] = (
    ("draft", "Udkast", "Draft", "Entwurf"),
    ("consultation", "I høring", "In consultation", "In der Anhörung"),
    ("adopted", "Vedtaget", "Adopted", "Beschlossen"),
    ("in-force", "Gældende", "In force", "In Kraft"),
    ("under-revision", "Under revidering", "Under revision", "In Überarbeitung"),
    ("superseded", "Afløst", "Superseded", "Abgelöst"),
    ("expired", "Udløbet", "Expired", "Ausgelaufen"),
)

DOCUMENT_KINDS: tuple[Row, ...] = (
    ("strategy", "Strategi", "Strategy", "Strategie"),
    ("policy", "Politik", "Policy", "Grundsatzpapier"),
    ("guidelines", "Retningslinjer", "Guidelines", "Richtlinien"),
    ("action-plan", "Handleplan", "Action plan", "Aktionsplan"),
    ("annex", "Bilag", "Annex", "Anlage"),
)

FOLLOW_UP_KINDS: tuple[Row, ...] = (
    ("yearly", "Årlig opfølgning", "Yearly follow-up", "Jährlicher Bericht"),
    (
        "partnership-review",
        "Gennemgang af partnerskab",
        "Partnership review",
        "Überprüfung der Partnerschaft",
    ),
    ("evaluation", "Evaluering", "Evaluation", "Evaluierung"),
    ("audit", "Revision", "Audit", "Prüfung"),
    ("decision-report", "Beslutningssag", "Decision report", "Beschlussvorlage"),
)

FOLLOW_UP_FREQUENCIES: tuple[Row, ...] = (
    ("yearly", "Årligt", "Yearly", "Jährlich"),
    ("half-yearly", "Halvårligt", "Half-yearly", "Halbjährlich"),
    ("quarterly", "Kvartalsvis", "Quarterly", "Vierteljährlich"),
    ("per-term", "Én gang pr. valgperiode", "Once per term", "Einmal pro Wahlperiode"),
    ("ad-hoc", "Efter behov", "Ad hoc", "Nach Bedarf"),
)

#: The UN Sustainable Development Goals by number, with their short names.
SDGS: tuple[Row, ...] = (
    ("1", "Afskaf fattigdom", "No poverty", "Keine Armut"),
    ("2", "Stop sult", "Zero hunger", "Kein Hunger"),
    (
        "3",
        "Sundhed og trivsel",
        "Good health and well-being",
        "Gesundheit und Wohlergehen",
    ),
    ("4", "Kvalitetsuddannelse", "Quality education", "Hochwertige Bildung"),
    ("5", "Ligestilling mellem kønnene", "Gender equality", "Geschlechtergleichheit"),
    (
        "6",
        "Rent vand og sanitet",
        "Clean water and sanitation",
        "Sauberes Wasser und Sanitäreinrichtungen",
    ),
    (
        "7",
        "Bæredygtig energi",
        "Affordable and clean energy",
        "Bezahlbare und saubere Energie",
    ),
    (
        "8",
        "Anstændige jobs og økonomisk vækst",
        "Decent work and economic growth",
        "Menschenwürdige Arbeit und Wirtschaftswachstum",
    ),
    (
        "9",
        "Industri, innovation og infrastruktur",
        "Industry, innovation and infrastructure",
        "Industrie, Innovation und Infrastruktur",
    ),
    ("10", "Mindre ulighed", "Reduced inequalities", "Weniger Ungleichheiten"),
    (
        "11",
        "Bæredygtige byer og lokalsamfund",
        "Sustainable cities and communities",
        "Nachhaltige Städte und Gemeinden",
    ),
    (
        "12",
        "Ansvarligt forbrug og produktion",
        "Responsible consumption and production",
        "Nachhaltiger Konsum und Produktion",
    ),
    ("13", "Klimaindsats", "Climate action", "Maßnahmen zum Klimaschutz"),
    ("14", "Livet i havet", "Life below water", "Leben unter Wasser"),
    ("15", "Livet på land", "Life on land", "Leben an Land"),
    (
        "16",
        "Fred, retfærdighed og stærke institutioner",
        "Peace, justice and strong institutions",
        "Frieden, Gerechtigkeit und starke Institutionen",
    ),
    (
        "17",
        "Partnerskaber for handling",
        "Partnerships for the goals",
        "Partnerschaften zur Erreichung der Ziele",
    ),
)


def builtin_codelists() -> tuple[Codelist, ...]:
    """Build every built-in codelist, in the order ``munintl codelists`` lists them."""
    return (
        _codelist(
            "body-type",
            ("Organtype", "Body type", "Art des Gremiums"),
            BODY_TYPES,
            open_=True,
        ),
        _codelist(
            "organisation-type",
            ("Organisationstype", "Organisation type", "Art der Organisation"),
            ORGANISATION_TYPES,
            open_=True,
        ),
        _codelist(
            "initiative-kind",
            ("Indsatstype", "Initiative kind", "Art der Maßnahme"),
            INITIATIVE_KINDS,
            open_=True,
        ),
        _codelist(
            "initiative-status",
            ("Indsatsstatus", "Initiative status", "Status der Maßnahme"),
            INITIATIVE_STATUSES,
            open_=False,
            source=_IATI + "ActivityStatus/",
            iati=("1", "2", "3", "4", "5", "6"),
        ),
        _codelist(
            "progress-status",
            ("Fremdrift", "Progress status", "Fortschritt"),
            PROGRESS_STATUSES,
            open_=False,
        ),
        _codelist(
            "partnership-kind",
            ("Partnerskabstype", "Partnership kind", "Art der Partnerschaft"),
            PARTNERSHIP_KINDS,
            open_=True,
        ),
        attrs.evolve(
            _codelist(
                "partnership-event",
                (
                    "Hændelse i partnerskab",
                    "Partnership event",
                    "Ereignis der Partnerschaft",
                ),
                PARTNERSHIP_EVENTS,
                open_=True,
            ),
            # The status each kind leads to; a kind a plugin adds may say its
            # own, and an event of a kind without one says it in ``status``.
            mappings={
                kind: {"status": status} for kind, status in STATUS_AFTER_EVENT.items()
            },
        ),
        _codelist(
            "partnership-status",
            ("Partnerskabets status", "Partnership status", "Status der Partnerschaft"),
            PARTNERSHIP_STATUSES,
            open_=False,
        ),
        _codelist(
            "follow-up-state",
            ("Opfølgningens tilstand", "Follow-up state", "Stand des Berichts"),
            FOLLOW_UP_STATES,
            open_=False,
        ),
        _codelist(
            "organisation-role",
            ("Organisationens rolle", "Organisation role", "Rolle der Organisation"),
            ORGANISATION_ROLES,
            open_=True,
            source=_IATI + "OrganisationRole/",
            iati=("1", "2", "3", "4"),
        ),
        _codelist(
            "decision-outcome",
            ("Beslutning", "Decision outcome", "Beschlussergebnis"),
            DECISION_OUTCOMES,
            open_=True,
        ),
        _codelist(
            "funding-programme",
            ("Finansieringsprogram", "Funding programme", "Förderprogramm"),
            FUNDING_PROGRAMMES,
            open_=True,
        ),
        _codelist(
            "result-type",
            ("Resultattype", "Result type", "Art des Ergebnisses"),
            RESULT_TYPES,
            open_=False,
            source=_IATI + "ResultType/",
            iati=("1", "2", "3", "9"),
        ),
        _codelist(
            "strategy-status",
            ("Strategiens status", "Strategy status", "Status der Strategie"),
            STRATEGY_STATUSES,
            open_=False,
        ),
        _codelist(
            "document-kind",
            ("Dokumenttype", "Document kind", "Art des Dokuments"),
            DOCUMENT_KINDS,
            open_=True,
        ),
        _codelist(
            "follow-up-kind",
            ("Opfølgningstype", "Follow-up kind", "Art des Berichts"),
            FOLLOW_UP_KINDS,
            open_=True,
        ),
        _codelist(
            "follow-up-frequency",
            ("Opfølgningsfrekvens", "Follow-up frequency", "Berichtsrhythmus"),
            FOLLOW_UP_FREQUENCIES,
            open_=False,
        ),
        _codelist(
            "sdg",
            (
                "FN's verdensmål",
                "UN Sustainable Development Goals",
                "UN-Nachhaltigkeitsziele",
            ),
            SDGS,
            open_=False,
            source="https://sdgs.un.org/goals",
        ),
    )


@hookimpl
def munintl_codelists() -> tuple[Codelist, ...]:
    """Register the built-in codelists."""
    return builtin_codelists()
