"""Report blocks as docutils nodes (munintl.sphinxext.nodes)."""

from __future__ import annotations

import pytest
from docutils import nodes

from munintl.reports.document import Facts, Heading
from munintl.sphinxext.nodes import blocks, inline_text


def test_header_block_is_a_rubric_over_a_field_list() -> None:
    header = Facts(
        title="Referat",
        items=(("Kommune", "Skanderborg Kommune"), ("Mødedato", "6. oktober 2008")),
    )
    (rubric, container) = blocks(
        [Heading(text="Opfølgning"), header], html=True, language="da"
    )
    assert isinstance(rubric, nodes.rubric)
    assert isinstance(container, nodes.container)
    assert container.children[0].astext() == "Referat"
    fields = container.children[1]
    assert isinstance(fields, nodes.field_list)
    pairs = [
        (field.children[0].astext(), field.children[1].astext()) for field in fields
    ]
    # Plain text: the date is not read as a numbered list.
    assert pairs == [
        ("Kommune", "Skanderborg Kommune"),
        ("Mødedato", "6. oktober 2008"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "see [here](javascript:alert(1))",
        "see [here](JaVaScRiPt:alert(1))",
        "see [here](data:text/html,x)",
        "see [here](vbscript:x)",
        "see [here](file:///etc/passwd)",
    ],
)
def test_a_link_of_an_unsafe_scheme_is_its_words_only(text: str) -> None:
    # The site wrote <a href="javascript:alert(1)">: a published page ran
    # whatever a portfolio's text linked to.
    made = inline_text(text)
    assert not [n for n in made if isinstance(n, nodes.reference)]
    assert "".join(n.astext() for n in made) == "see here"


def test_a_web_link_stays_a_link() -> None:
    (link,) = [
        n
        for n in inline_text("see [here](https://skanderborg.dk)")
        if isinstance(n, nodes.reference)
    ]
    assert link["refuri"] == "https://skanderborg.dk"


def test_names_in_another_language_in_facts_cells_and_captions_say_so() -> None:
    """docutils' HTML writer, read back with html5lib, gives each name its lang."""
    html5lib = pytest.importorskip("html5lib")
    from docutils.core import publish_from_doctree
    from docutils.utils import new_document

    from munintl.reports.document import LanguageRun, Table

    partners = "City of Oulu (Partner); Weiz (Partner)"
    header = Facts(
        title="Sitzung",
        items=(("Partner", partners), ("Ort", "Aarhus")),
        languages=((0, LanguageRun(0, 12, "en")),),
    )
    listing = Table(
        title="Maßnahmen: Citizen service",
        columns=("Partner", "Gremium"),
        rows=((partners, "Byrådet"),),
        languages=((0, 1, "da"),),
        parts=((0, 0, LanguageRun(0, 12, "en")),),
        title_languages=(LanguageRun(11, 26, "en"),),
    )
    heading = Heading(
        text="Maßnahmen: Citizen service", parts=(LanguageRun(11, 26, "en"),)
    )
    document = new_document("<test>")
    document.extend(blocks([heading, header, listing], html=True, language="de"))
    page = html5lib.parse(
        publish_from_doctree(document, writer="html5"),
        namespaceHTMLElements=False,
    )
    marked = [
        (element.get("lang"), "".join(element.itertext()))
        for element in page.iter()
        if element.get("lang") and element.tag != "html"
    ]
    assert marked == [
        ("en", "Citizen service"),
        ("en", "City of Oulu"),
        ("en", "Citizen service"),
        ("en", "City of Oulu"),
        ("da", "Byrådet"),
    ]
