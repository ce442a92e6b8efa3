"""Fallback fonts for the characters typst's bundled fonts do not have.

typst bundles Libertinus Serif, New Computer Modern and DejaVu Sans Mono:
Latin, Greek and Cyrillic, but no Chinese, Japanese or Korean and no emoji.
A municipality with a twin town in China or Japan writes its name in its
own script, so the PDF format falls back, character by character, to the
Noto CJK fonts and Noto Color Emoji (SIL Open Font License) where the
operating system has them installed -- on Debian and Ubuntu the packages
``fonts-noto-cjk`` and ``fonts-noto-color-emoji``.

Only the folders holding these font files are handed to typst, never every
font of the machine, so a PDF looks the same wherever those fonts are
installed.  Without them a report with such characters cannot be written,
and the PDF format says which package to install.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

#: Families tried, in order, for a character the main font lacks: CJK in a
#: serif and a sans-serif face (Simplified Chinese glyph forms; each face
#: also covers Japanese kana and Korean hangul), then emoji.
FALLBACK_FAMILIES: tuple[str, ...] = (
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Noto Color Emoji",
)

#: File names under which the fallback families are installed.
FALLBACK_FILES: frozenset[str] = frozenset(
    {
        "NotoSerifCJK-Regular.ttc",
        "NotoSerifCJK-Bold.ttc",
        "NotoSansCJK-Regular.ttc",
        "NotoSansCJK-Bold.ttc",
        "NotoSerifCJKsc-Regular.otf",
        "NotoSansCJKsc-Regular.otf",
        "NotoColorEmoji.ttf",
    }
)

#: The operating system's font folders, searched for :data:`FALLBACK_FILES`.
FONT_FOLDERS: tuple[str, ...] = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "/opt/homebrew/share/fonts",
)

#: Folders deeper than this below a font folder are not searched.
_MAX_DEPTH = 4

#: What to install when a character has no font, for the error message.
INSTALL_HINT = (
    "install the Noto CJK and Noto Color Emoji fonts (Debian and Ubuntu:"
    " apt install fonts-noto-cjk fonts-noto-color-emoji), or name a font"
    " that has the character in [plugins.pdf] font and font_paths"
)


@functools.cache
def fallback_font_folders(roots: tuple[str, ...] = FONT_FOLDERS) -> tuple[str, ...]:
    """Return the folders below ``roots`` that hold a fallback font, found once.

    Each folder appears once, in the order found; an empty tuple means no
    fallback font is installed.
    """
    found: list[str] = []
    for root in roots:
        top = Path(root).expanduser()
        if not top.is_dir():
            continue
        base_depth = len(top.parts)
        for folder, subfolders, files in os.walk(top, onerror=lambda _error: None):
            if len(Path(folder).parts) - base_depth >= _MAX_DEPTH:
                subfolders.clear()
            if FALLBACK_FILES.intersection(files) and folder not in found:
                found.append(folder)
    return tuple(found)
