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
