"""Read a stored document: a database is input munintl did not write alone.

A database file may come from anyone, and another program may have
changed a row: a ``document`` that is not JSON, is nested past
:data:`~munintl.wire.limits.MAX_DEPTH` or is not UTF-8 is reported as a
finding of that portfolio, never as a crash, and nothing in it is run or
followed: a document is data, read into the model and nothing else.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from munintl.errors import Finding, ValidationError
from munintl.i18n import _
from munintl.wire.limits import unreadable

if TYPE_CHECKING:
    from munintl.model import Portfolio


def read_json(text: str | bytes, where: str) -> Any:
    """Parse the stored document ``text`` of the portfolio at ``where``.

    Raises :class:`~munintl.errors.ValidationError` with one finding,
    ``file`` the portfolio's location, when it cannot be parsed.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        reason, line, column = error.msg, error.lineno, error.colno
    except UnicodeDecodeError as error:
        reason, line, column = f"not UTF-8 (byte {error.start + 1})", None, None
    except (RecursionError, ValueError) as error:
        shown = text if isinstance(text, str) else text.decode("utf-8", "replace")
        reason, line, column = unreadable(shown, error)
    raise ValidationError(
        [
            Finding(
                code="syntax",
                message=_(
                    "the stored document is not JSON munintl can read: {reason};"
                    " another program changed the database, or it is damaged"
                ).format(reason=reason),
                file=where,
                line=line,
                column=column,
            )
        ]
    ) from None


def read_document(
    text: str | bytes, where: str, *, keys_unique: bool = False
) -> Portfolio:
    """Turn a stored document into a portfolio, every problem reported at once.

    ``where`` is the portfolio's location, for the findings;
    ``keys_unique``: ``text`` was just encoded from dictionaries (see
    :func:`munintl.wire.fastjson.decode`).  Raises
    :class:`~munintl.errors.ValidationError`.
    """
    from munintl.model import Portfolio
    from munintl.wire import fastjson
    from munintl.wire.convert import converter, problems
    from munintl.wire.paths import portfolio_path

    if fastjson.available():
        fast = fastjson.decode(text, keys_unique=keys_unique)
        if fast is not None:
            return fast
    data = read_json(text, where)
    try:
        portfolio: Portfolio = converter.structure(data, Portfolio)
    except Exception as error:  # noqa: BLE001 - every problem becomes a finding
        raise ValidationError(
            [
                Finding(
                    code=code,
                    message=message,
                    path=portfolio_path(data, path),
                    file=where,
                )
                for path, code, message in problems(error)
            ]
        ) from None
    return portfolio
