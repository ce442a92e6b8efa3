"""Report blocks as docutils nodes (munintl.sphinxext.nodes)."""

from __future__ import annotations

from docutils import nodes

from munintl.reports.document import Facts, Heading
from munintl.sphinxext.nodes import blocks


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
