"""The yearly follow-up round: forms out to the departments, answers back in.

The coordinator :func:`prepare_round` s one status workbook (XLSX) and one
narrative document (DOCX) per preparing department, :func:`collect_forms`
takes the returned forms into the follow-up (whole or not at all, with
provenance), :func:`round_status` tells what is still owed, and
:func:`submit_followup`, :func:`decide_followup` and
:func:`correct_followup` file the follow-up with its committee.  The
``munintl followup`` commands are a thin layer over these functions.
"""

from __future__ import annotations

from munintl.followround.collect import Collected, TakenForm, collect_forms
from munintl.followround.identity import FormError, FormProblem
from munintl.followround.lifecycle import (
    correct_followup,
    decide_followup,
    submit_followup,
)
from munintl.followround.plan import RoundError, RoundPlan, plan_round
from munintl.followround.prepare import Prepared, prepare_round
from munintl.followround.status import RoundStatus, round_status

__all__ = [
    "Collected",
    "FormError",
    "FormProblem",
    "Prepared",
    "RoundError",
    "RoundPlan",
    "RoundStatus",
    "TakenForm",
    "collect_forms",
    "correct_followup",
    "decide_followup",
    "plan_round",
    "prepare_round",
    "round_status",
    "submit_followup",
]
