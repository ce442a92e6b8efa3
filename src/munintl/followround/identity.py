"""The hidden identity every form carries, and the texts forms hold.

A form says which portfolio, follow-up, year, body and department it is
for, in which language it was written, when it was made, and -- for each
field it prefills -- two short hashes: of the value it was *prefilled* with
and of the value the follow-up held when it was *made*.  Collecting compares
them with what the department returned and with what the follow-up holds
now: a field the department left as prefilled is taken only where the
follow-up has nothing yet; a field changed in the form is taken unless the
follow-up changed it too since the form was made (then the form is stale).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Literal

import attrs

from munintl.errors import MunintlError
from munintl.i18n import _

__all__ = [
    "FORM_VERSION",
    "FieldBase",
    "FormError",
    "FormIdentity",
    "FormKind",
    "FormProblem",
    "IdentityError",
    "normalise_text",
    "value_hash",
]

FormKind = Literal["status", "narrative"]
FORM_KINDS: tuple[FormKind, ...] = ("status", "narrative")

#: The layout version of the forms this munintl writes and reads.
FORM_VERSION = 1

#: The name of the hidden sheet (XLSX) or custom property (DOCX).
IDENTITY_NAME = "munintl-form"


class IdentityError(MunintlError):
    """A file is not a munintl form, or its identity is damaged."""


def normalise_text(value: str | None) -> str:
    """Normalise a text for comparison: line endings, trailing spaces, blank lines."""
    if not value:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


#: A line break inside a paragraph (not before a list item): in the Markdown
#: subset texts use it is a soft break, the same as a space.
_SOFT_BREAK = re.compile(r"(?<!\n)\n(?!\n|[-*] |\d+[.)] )")


def value_hash(value: str | None) -> str:
    """A short hash of a normalised value ("" and None hash alike).

    A soft line break counts as a space, so a text that a form shows with
    its lines joined is still the same text.
    """
    text = _SOFT_BREAK.sub(" ", normalise_text(value))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return digest[:16]


@attrs.frozen(kw_only=True)
class FieldBase:
    """What one prefilled field held: ``prefill`` shown, ``held`` in the follow-up."""

    prefill: str
    held: str


@attrs.frozen(kw_only=True)
class FormIdentity:
    """Which round and department a form belongs to, and what it was made from.

    ``bases`` maps ``subject/field`` (``initiative:x/status``,
    ``followup/summary``) to the hashes of its prefilled and held values;
    ``basis`` is the fingerprint of the whole follow-up the form was made
    from (:func:`munintl.followups.content_fingerprint`).
    """

    kind: FormKind
    portfolio: str
    followup: str
    year: int
    body: str
    department: str
    language: str
    made: str
    basis: str
    bases: Mapping[str, FieldBase]
    version: int = FORM_VERSION

    def to_json(self) -> str:
        """Write the identity as compact, sorted JSON."""
        data = attrs.asdict(self)
        data["bases"] = {
            key: f"{base.prefill}:{base.held}" for key, base in self.bases.items()
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> FormIdentity:
        """Read an identity; raise :class:`IdentityError` if it is damaged."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise TypeError
            version = data.get("version")
            if version != FORM_VERSION:
                raise IdentityError(
                    _(
                        "this form has layout version {found}; this munintl reads"
                        " version {version}: make the forms again with munintl"
                        " followup prepare"
                    ).format(found=version, version=FORM_VERSION)
                )
            bases = {
                str(key): FieldBase(prefill=pair.split(":")[0], held=pair.split(":")[1])
                for key, pair in data["bases"].items()
            }
            if data["kind"] not in FORM_KINDS:
                raise ValueError
            return cls(
                kind=data["kind"],
                portfolio=str(data["portfolio"]),
                followup=str(data["followup"]),
                year=int(data["year"]),
                body=str(data["body"]),
                department=str(data["department"]),
                language=str(data["language"]),
                made=str(data["made"]),
                basis=str(data["basis"]),
                bases=bases,
            )
        except IdentityError:
            raise
        except (
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            AttributeError,
            RecursionError,
        ):
            raise IdentityError(
                _(
                    "the form's hidden identity is damaged, so munintl cannot tell"
                    " which round it belongs to; copy the answers into a fresh form"
                    " from munintl followup prepare"
                )
            ) from None


@attrs.frozen(kw_only=True)
class FormProblem:
    """One thing wrong in a returned form: where it is and what to change.

    ``where`` names the place in the form's own terms: a sheet, row and
    column (``Status!J5 (Progress)``) or a section and field of a document.
    """

    form: str
    where: str
    message: str

    def format(self) -> str:
        """Render as ``form: where: message``."""
        return (
            f"{self.form}: {self.where}: {self.message}"
            if self.where
            else (f"{self.form}: {self.message}")
        )


class FormError(MunintlError):
    """A returned form cannot be taken; ``problems`` lists every problem in it."""

    def __init__(self, problems: list[FormProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problem.format() for problem in self.problems))
