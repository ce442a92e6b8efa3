"""The narrative form as a DOCX document: write it, and read a returned one back.

Each section is a two-column table under a heading: the first row holds
the section's key (``initiative:active-travel-network``, or ``followup``
for the summary and recommendation) and title, each further row a field's
label and its text.  Sections are found by their key and fields by their
label, so sections may be moved.  Paragraphs, line breaks, bullet and
numbered lists, bold and italic become the Markdown subset texts use.  The
form's identity is a custom document property.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from munintl.errors import MissingExtraError
from munintl.followround.forms import NARRATIVE_LABELS, NarrativeSection, field_key
from munintl.followround.identity import (
    IDENTITY_NAME,
    FormError,
    FormIdentity,
    FormProblem,
    IdentityError,
    normalise_text,
)
from munintl.i18n import _
from munintl.reports.building.localize import Localizer

__all__ = ["read_narrative_form", "write_narrative_form"]

_CUSTOM = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "custom-properties"
)
_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_INLINE = re.compile(r"(\*\*[^*\n]+?\*\*|\*[^*\n]+?\*)")
_BULLET = re.compile(r"^[-*] ")
_NUMBER = re.compile(r"^\d+[.)] ")


def _docx() -> Any:
    try:
        import docx
    except ImportError:  # pragma: no cover - the extra is installed in tests
        raise MissingExtraError(
            _('the DOCX forms need python-docx: pip install "munintl[docx]"')
        ) from None
    return docx


def _add_runs(paragraph: Any, text: str) -> None:
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            paragraph.add_run().add_break()
        for part in _INLINE.split(line):
            if not part:
                continue
            if part.startswith("**") and part.endswith("**") and len(part) > 4:
                paragraph.add_run(part[2:-2]).bold = True
            elif part.startswith("*") and part.endswith("*") and len(part) > 2:
                paragraph.add_run(part[1:-1]).italic = True
            else:
                paragraph.add_run(part)


def _write_text(cell: Any, text: str) -> None:
    """Write Markdown-subset ``text`` into a table cell as paragraphs and lists."""
    blocks = [b for b in normalise_text(text).split("\n\n") if b.strip()] or [""]
    first = True
    for block in blocks:
        lines = block.split("\n")
        if all(_BULLET.match(line) for line in lines):
            items = [(line[2:], "List Bullet") for line in lines]
        elif all(_NUMBER.match(line) for line in lines):
            items = [(_NUMBER.sub("", line), "List Number") for line in lines]
        else:
            # Lines of one paragraph are soft breaks: the paragraph is one line.
            items = [(" ".join(line.strip() for line in lines), "")]
        for content, style in items:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            if style:
                paragraph.style = style
            _add_runs(paragraph, content)


def _with_identity(data: bytes, identity: FormIdentity) -> bytes:
    """Add the identity to the DOCX as a custom document property."""
    props = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_PROPS_NS}" xmlns:vt="{_VT_NS}">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2"'
        f' name="{IDENTITY_NAME}"><vt:lpwstr>{escape(identity.to_json())}'
        "</vt:lpwstr></property></Properties>"
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    f'<Override PartName="/{_CUSTOM}" ContentType="{_CUSTOM_TYPE}"/>'
                    "</Types>".encode(),
                )
            elif item.filename == "_rels/.rels":
                content = content.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdMunintlForm" Type="{_CUSTOM_REL}"'
                    f' Target="{_CUSTOM}"/></Relationships>'.encode(),
                )
            target.writestr(item, content)
        target.writestr(_CUSTOM, props.encode("utf-8"))
    return out.getvalue()


def write_narrative_form(
    sections: Sequence[NarrativeSection],
    identity: FormIdentity,
    localizer: Localizer,
    *,
    heading: str,
    introduction: str,
) -> bytes:
    """Lay out one department's narrative form; return the DOCX bytes."""
    docx = _docx()
    from docx.enum.text import WD_BREAK  # noqa: F401 - checks the docx install
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    document = docx.Document()
    document.core_properties.title = heading
    document.core_properties.language = localizer.language
    document.add_heading(heading, level=1)
    for block in introduction.split("\n\n"):
        document.add_paragraph(block)
    for section in sections:
        document.add_heading(section.title, level=2)
        table = document.add_table(rows=1 + len(section.fields), cols=2)
        table.style = "Table Grid"
        table.autofit = False
        key_cell, title_cell = table.rows[0].cells
        key_run = key_cell.paragraphs[0].add_run(section.key)
        key_run.font.size = Pt(8)
        key_run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        title_cell.paragraphs[0].add_run(section.title).bold = True
        for cell in (key_cell, title_cell):
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), "E7E6E6")
            cell._tc.get_or_add_tcPr().append(shading)
        for row, field in zip(table.rows[1:], section.fields, strict=True):
            row.cells[0].paragraphs[0].add_run(field.label).bold = True
            _write_text(row.cells[1], field.text)
        for column, width in zip(table.columns, (Cm(4), Cm(12.5)), strict=True):
            column.width = width
            for cell in column.cells:
                cell.width = width
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_identity(buffer.getvalue(), identity)


def _read_identity(data: bytes) -> FormIdentity:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IdentityError(_("this file cannot be read as a DOCX document")) from None
    if _CUSTOM not in archive.namelist():
        raise IdentityError(
            _(
                "this document is not a munintl narrative form (it has no"
                " {name!r} property); use the form munintl followup prepare made"
            ).format(name=IDENTITY_NAME)
        )
    try:
        # The collector has refused any part with a document type (entities).
        root = ET.fromstring(archive.read(_CUSTOM))  # noqa: S314
    except Exception as error:  # noqa: BLE001 - zipfile, zlib and expat raise their own
        raise IdentityError(
            _("this file cannot be read as a DOCX document ({error})").format(
                error=type(error).__name__
            )
        ) from None
    for prop in root.findall(f"{{{_PROPS_NS}}}property"):
        if prop.get("name") == IDENTITY_NAME:
            value = "".join(prop.itertext())
            return FormIdentity.from_json(value)
    raise IdentityError(
        _(
            "this document is not a munintl narrative form (it has no {name!r}"
            " property); use the form munintl followup prepare made"
        ).format(name=IDENTITY_NAME)
    )


def read_identity(data: bytes) -> FormIdentity:
    """Read the identity of a DOCX form; raise :class:`IdentityError` if none."""
    return _read_identity(data)


def _runs_markdown(paragraph: Any) -> str:
    """A paragraph's text with bold and italic runs as Markdown emphasis."""
    merged: list[list[Any]] = []
    for run in paragraph.runs:
        style = (bool(run.bold), bool(run.italic))
        if merged and merged[-1][0] == style:
            merged[-1][1] += run.text
        else:
            merged.append([style, run.text])
    parts = []
    for (bold, italic), text in merged:
        core = text.strip(" ")
        if not core or not (bold or italic):
            parts.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip(" "))]
        tail = text[len(text.rstrip(" ")) :]
        mark = "**" if bold else "*"
        parts.append(f"{lead}{mark}{core}{mark}{tail}")
    return "".join(parts)


def _cell_markdown(cell: Any) -> str:
    """Read a table cell back as Markdown-subset text."""
    blocks: list[str] = []
    list_kind: str | None = None
    for paragraph in cell.paragraphs:
        text = _runs_markdown(paragraph).replace("\t", " ")
        style = paragraph.style.name if paragraph.style is not None else ""
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        kind = (
            "1." if "Number" in style else "-" if "List" in style or numbered else None
        )
        if not text.strip():
            list_kind = None
            continue
        if kind is not None:
            item = f"{kind} {text.strip()}"
            if list_kind is not None and blocks:
                blocks[-1] += "\n" + item
            else:
                blocks.append(item)
            list_kind = kind
        else:
            blocks.append(text)
            list_kind = None
    return normalise_text("\n\n".join(blocks))


def read_narrative_form(
    data: bytes, form: str, localizer: Localizer
) -> tuple[FormIdentity, dict[str, str], list[FormProblem]]:
    """Read a returned narrative form: its identity, its texts, its problems.

    The texts map ``subject/field`` (and ``followup/summary``) to
    Markdown-subset text.  Raise :class:`IdentityError` for a file that is
    not a narrative form.
    """
    identity = _read_identity(data)
    docx = _docx()
    try:
        document = docx.Document(io.BytesIO(data))
        return identity, *_read_tables(document, identity, form, localizer)
    except (IdentityError, FormError):
        raise
    except Exception as error:  # noqa: BLE001 - a hostile file: any error is "damaged"
        raise IdentityError(
            _("this file cannot be read as a DOCX document ({error})").format(
                error=type(error).__name__
            )
        ) from None


def _read_tables(
    document: Any, identity: FormIdentity, form: str, localizer: Localizer
) -> tuple[dict[str, str], list[FormProblem]]:
    """The texts of the narrative form's tables, and what is wrong with them."""
    labels = {localizer._(label): name for name, label in NARRATIVE_LABELS.items()}
    expected = {key.rpartition("/")[0] for key in identity.bases}
    problems: list[FormProblem] = []
    texts: dict[str, str] = {}
    seen: set[str] = set()
    for number, table in enumerate(document.tables, start=1):
        if not table.rows or len(table.rows[0].cells) < 2:
            continue
        key = table.rows[0].cells[0].text.strip()
        where = _("table {number} ({key})").format(number=number, key=key or "-")
        if key not in expected:
            problems.append(
                FormProblem(
                    form=form,
                    where=where,
                    message=_(
                        "{key!r} is not a section this form asks for; do not change"
                        " the grey key line of a section"
                    ).format(key=key),
                )
            )
            continue
        if key in seen:
            problems.append(
                FormProblem(
                    form=form,
                    where=where,
                    message=_("the section {key} appears twice; keep one").format(
                        key=key
                    ),
                )
            )
            continue
        seen.add(key)
        for row in table.rows[1:]:
            cells = row.cells
            label = cells[0].text.strip()
            name = labels.get(label)
            field = field_key(key, name) if name else None
            if field is None or field not in identity.bases:
                problems.append(
                    FormProblem(
                        form=form,
                        where=f"{where}: {label or '-'}",
                        message=_(
                            "{label!r} is not a field of this section; do not change"
                            " the labels in the left column"
                        ).format(label=label),
                    )
                )
                continue
            texts[field] = _cell_markdown(cells[1]) if len(cells) > 1 else ""
    for key in sorted(expected - seen):
        problems.append(
            FormProblem(
                form=form,
                where=key,
                message=_(
                    "the section {key} is missing; put it back (copy it from a fresh"
                    " form) or leave its texts empty"
                ).format(key=key),
            )
        )
    return texts, problems
