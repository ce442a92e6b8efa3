"""The munintl domain model: frozen attrs classes, no I/O, no plugins.

Everything a municipality's international work consists of, rooted in
:class:`Portfolio`.  References between objects are ids (slugs), checked by
validation rather than by Python object identity; collections are tuples.
"""

from munintl.model.dates import (
    Covering,
    DateFormatError,
    ModelValueError,
    PartialDate,
    Period,
    Recurrence,
)
from munintl.model.followup import (
    SUBJECT_KINDS,
    CaseReference,
    Decision,
    FollowUp,
    StatusUpdate,
    SubjectRef,
)
from munintl.model.initiative import (
    ENDING_STATUSES,
    FundingLine,
    Initiative,
    Participation,
    Result,
)
from munintl.model.organisation import (
    Body,
    Figure,
    FormerName,
    Member,
    Municipality,
    Organisation,
)
from munintl.model.partnership import (
    ACTIVE_STATUSES,
    KIND_CHANGE,
    LEFT_STATUSES,
    PARTNERSHIP_STATUSES,
    RENEWING_EVENTS,
    STATUS_AFTER_EVENT,
    Partnership,
    PartnershipEvent,
    Party,
)
from munintl.model.portfolio import Portfolio
from munintl.model.strategy import (
    Adoption,
    DecisionRight,
    FollowUpRule,
    Goal,
    Indicator,
    Measurement,
    Strategy,
    StrategyDocument,
    Theme,
)
from munintl.model.text import LocalizedText, Provenance, source_hash
from munintl.model.values import (
    MAX_ID_LENGTH,
    CodeItem,
    Codelist,
    CodeRef,
    DateClaim,
    Entity,
    Link,
    Money,
    Source,
    is_slug,
    totals,
)

__all__ = [
    "ACTIVE_STATUSES",
    "ENDING_STATUSES",
    "KIND_CHANGE",
    "LEFT_STATUSES",
    "MAX_ID_LENGTH",
    "PARTNERSHIP_STATUSES",
    "RENEWING_EVENTS",
    "STATUS_AFTER_EVENT",
    "SUBJECT_KINDS",
    "Adoption",
    "Body",
    "CaseReference",
    "CodeItem",
    "CodeRef",
    "Codelist",
    "Covering",
    "DateClaim",
    "DateFormatError",
    "Decision",
    "DecisionRight",
    "Entity",
    "Figure",
    "FollowUp",
    "FollowUpRule",
    "FormerName",
    "FundingLine",
    "Goal",
    "Indicator",
    "Initiative",
    "Link",
    "LocalizedText",
    "Measurement",
    "Member",
    "ModelValueError",
    "Money",
    "Municipality",
    "Organisation",
    "PartialDate",
    "Participation",
    "Partnership",
    "PartnershipEvent",
    "Party",
    "Period",
    "Portfolio",
    "Provenance",
    "Recurrence",
    "Result",
    "Source",
    "StatusUpdate",
    "Strategy",
    "StrategyDocument",
    "SubjectRef",
    "Theme",
    "is_slug",
    "source_hash",
    "totals",
]
