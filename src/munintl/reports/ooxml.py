"""Office Open XML packaging shared by the DOCX and XLSX formats.

python-docx and openpyxl stamp every zip entry with the current time, so the
same document would give different bytes each second.  :func:`stable_zip`
rewrites a package with fixed entry times; :func:`utc_naive` gives the
timestamp both libraries expect in their core properties.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

#: The earliest time a zip entry can carry; used when a report has no time.
ZIP_EPOCH = dt.datetime(1980, 1, 1)


def utc_naive(moment: dt.datetime | None) -> dt.datetime | None:
    """Return ``moment`` in UTC without a time zone (naive times are taken as UTC)."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def stable_zip(data: bytes, moment: dt.datetime | None) -> bytes:
    """Rewrite the zip ``data`` so its bytes depend only on its content and ``moment``.

    Every entry gets ``moment`` (UTC; the zip epoch if None) as its time,
    Unix as its creating system and the same permissions, in the original
    order, deflated.
    """
    when = utc_naive(moment) or ZIP_EPOCH
    when = max(when, ZIP_EPOCH)
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return out.getvalue()
