"""Old module paths that still import, with a deprecation warning, for one release.

munintl 0.2 moved modules into folders that show the architecture (see
``CHANGELOG.md``).  ``import munintl.serialize`` and the like keep working:
a finder on :data:`sys.meta_path` answers for each old name with a module
that forwards every attribute to the new one and warns once on import.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
import warnings
from typing import Any

#: Old module path -> where it lives now.
MOVED: dict[str, str] = {
    "munintl.fastjson": "munintl.wire.fastjson",
    "munintl.filestore": "munintl.storage.filestore",
    "munintl.journal": "munintl.plugins.storage.yaml_dir.journal",
    "munintl.plugins._walk": "munintl.plugins.rules._walk",
    "munintl.plugins.hookspecs": "munintl.hooks.specs",
    "munintl.plugins.json_file": "munintl.plugins.storage.json_file",
    "munintl.plugins.manager": "munintl.hooks.manager",
    "munintl.plugins.protocols": "munintl.hooks.protocols",
    "munintl.plugins.records": "munintl.hooks.records",
    "munintl.plugins.report_csv": "munintl.plugins.formats.csv",
    "munintl.plugins.report_docx": "munintl.plugins.formats.docx",
    "munintl.plugins.report_followup": "munintl.plugins.kinds.followup",
    "munintl.plugins.report_html": "munintl.plugins.formats.html",
    "munintl.plugins.report_json": "munintl.plugins.formats.json",
    "munintl.plugins.report_markdown": "munintl.plugins.formats.markdown",
    "munintl.plugins.report_overview": "munintl.plugins.kinds.overview",
    "munintl.plugins.report_pdf": "munintl.plugins.formats.pdf",
    "munintl.plugins.report_register": "munintl.plugins.kinds.register",
    "munintl.plugins.report_xlsx": "munintl.plugins.formats.xlsx",
    "munintl.plugins.rules_dates": "munintl.plugins.rules.dates",
    "munintl.plugins.rules_references": "munintl.plugins.rules.references",
    "munintl.plugins.rules_text": "munintl.plugins.rules.text",
    "munintl.plugins.toml_file": "munintl.plugins.storage.toml_file",
    "munintl.plugins.yaml_dir": "munintl.plugins.storage.yaml_dir",
    "munintl.reports.blocks": "munintl.reports.building.blocks",
    "munintl.reports.build": "munintl.reports.building",
    "munintl.reports.describe": "munintl.reports.building.describe",
    "munintl.reports.figures": "munintl.reports.rendering.figures",
    "munintl.reports.followup": "munintl.plugins.kinds.followup.builder",
    "munintl.reports.followup_scope": "munintl.plugins.kinds.followup.scope",
    "munintl.reports.followup_subjects": "munintl.plugins.kinds.followup.subjects",
    "munintl.reports.kind": "munintl.reports.building.base",
    "munintl.reports.localize": "munintl.reports.building.localize",
    "munintl.reports.markup": "munintl.reports.rendering.markup",
    "munintl.reports.ooxml": "munintl.reports.rendering.ooxml",
    "munintl.reports.render": "munintl.reporting",
    "munintl.reports.overview": "munintl.plugins.kinds.overview.builder",
    "munintl.reports.register": "munintl.plugins.kinds.register.builder",
    "munintl.reports.scope": "munintl.reports.building.scope",
    "munintl.reports.sections": "munintl.reports.building.sections",
    "munintl.reports.timeline": "munintl.reports.building.timeline",
    "munintl.schema": "munintl.wire.schema",
    "munintl.serialize": "munintl.wire.convert",
    "munintl.yamlio": "munintl.plugins.storage.yaml_dir.yamlio",
    "munintl.yamllayout": "munintl.plugins.storage.yaml_dir.layout",
    "munintl.yamlstore": "munintl.plugins.storage.yaml_dir.store",
}


#: Names renamed as their module moved: old module -> {old name: new home}.
RENAMED_ON_MOVE: dict[str, dict[str, str]] = {
    "munintl.serialize": {"Path": "munintl.wire.paths.FieldPath"},
}


class _Forward(types.ModuleType):
    """A module object that answers with the attributes of the module it stands for."""

    def __init__(self, name: str, target: str) -> None:
        super().__init__(name)
        self.__dict__["_target"] = target

    def _module(self) -> types.ModuleType:
        return importlib.import_module(self.__dict__["_target"])

    def __getattr__(self, name: str) -> Any:
        new = RENAMED_ON_MOVE.get(self.__name__, {}).get(name)
        if new is not None:
            warnings.warn(
                f"{self.__name__}.{name} is now {new}; the old name goes in the"
                " next release",
                DeprecationWarning,
                stacklevel=2,
            )
            module, _, attribute = new.rpartition(".")
            return getattr(importlib.import_module(module), attribute)
        return getattr(self._module(), name)

    def __dir__(self) -> list[str]:
        return dir(self._module())


class _Loader:
    # A loader by protocol (create_module, exec_module): importlib.abc would
    # cost ~12 ms at every start-up.

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        warnings.warn(
            f"{spec.name} moved to {self.target}; the old name goes in the"
            " next release",
            DeprecationWarning,
            stacklevel=2,
        )
        importlib.import_module(self.target)
        return _Forward(spec.name, self.target)

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the module forwards to its new home."""


class _MovedFinder:
    def find_spec(
        self, fullname: str, path: Any = None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        new = MOVED.get(fullname)
        if new is None:
            return None
        loader: Any = _Loader(new)
        return importlib.machinery.ModuleSpec(fullname, loader)


def renamed(module: str, names: dict[str, str], namespace: dict[str, Any]) -> Any:
    """Return a module ``__getattr__`` that answers old names with a warning.

    ``names`` maps each old name to the new name in ``namespace`` (the
    module's ``globals()``)::

        __getattr__ = renamed(__name__, {"KindReport": "BaseReportBuilder"}, globals())
    """

    def __getattr__(name: str) -> Any:
        new = names.get(name)
        if new is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warnings.warn(
            f"{module}.{name} is now {new}; the old name goes in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return namespace[new]

    return __getattr__


def install() -> None:
    """Put the finder for old module paths on :data:`sys.meta_path` (once)."""
    if not any(isinstance(finder, _MovedFinder) for finder in sys.meta_path):
        sys.meta_path.append(_MovedFinder())
