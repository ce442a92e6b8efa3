"""Babel extraction of the English labels of munintl's built-in codelists.

``src/munintl/plugins/codelists.py`` writes each code as a row
``(code, Danish, English, German)`` and each list's title as
``(Danish, English, German)``.  Reports in any other language translate the
English label through munintl's catalogs, so ``babel.cfg`` extracts those
labels with :func:`codelist_labels` besides the file's ``_()`` messages;
the rows stay plain tables, and a new row is extracted without a marker.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

#: (line, function, message, comments), as Babel's extractors yield them.
Extracted = tuple[int, str | None, str | tuple[str, ...], list[str]]


def codelist_labels(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Yield the file's ``_()`` messages, then each row's and title's English label."""
    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Tuple):
            continue
        texts = [
            element.value
            for element in node.elts
            if isinstance(element, ast.Constant) and isinstance(element.value, str)
        ]
        if len(texts) != len(node.elts) or not any(
            character.isalpha() for character in "".join(texts[1:])
        ):
            continue  # not all texts, or codes only (an IATI tuple)
        if len(texts) == 4:  # (code, Danish, English, German)
            yield node.lineno, None, texts[2], ["codelist label"]
        elif len(texts) == 3:  # a list's title: (Danish, English, German)
            yield node.lineno, None, texts[1], ["codelist title"]
