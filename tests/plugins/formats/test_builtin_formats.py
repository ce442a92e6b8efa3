"""The built-in report formats as a family: registered, lazy, one per suffix."""

from __future__ import annotations

import json
import subprocess
import sys

from munintl.hooks.manager import MunintlPluginManager

BUILT_IN = {"markdown", "html", "docx", "pdf", "xlsx", "csv", "json"}
HEAVY = ("docx", "openpyxl", "typst", "jinja2", "markupsafe", "lxml", "babel.numbers")


def test_every_built_in_format_is_registered(
    plugin_manager: MunintlPluginManager,
) -> None:
    formats = plugin_manager.report_formats()
    assert set(formats) >= BUILT_IN
    for name in BUILT_IN:
        assert formats[name].settings is not None, name


def test_suffixes_pick_one_format_each(plugin_manager: MunintlPluginManager) -> None:
    owners: dict[str, str] = {}
    for name, record in plugin_manager.report_formats().items():
        for suffix in record.suffixes:
            assert suffix not in owners, (
                f"{suffix} is claimed by {owners.get(suffix)} and {name}"
            )
            owners[suffix] = name
    assert owners[".md"] == "markdown"
    assert owners[".docx"] == "docx"


def test_listing_formats_imports_no_heavy_library() -> None:
    script = (
        "import json, sys\n"
        "import munintl\n"
        "manager = munintl.get_plugin_manager()\n"
        "names = sorted(manager.report_formats())\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(json.dumps([names, heavy]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        check=True,
        text=True,
        env={"MUNINTL_LOAD_PLUGINS": "", "PATH": ""},
    )
    names, heavy = json.loads(result.stdout)
    assert set(names) >= BUILT_IN
    assert heavy == []
