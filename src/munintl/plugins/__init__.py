"""munintl's built-in plugins, one folder per family.

* ``storage/`` -- the YAML directory store (a folder: reader, layout,
  journal, store), the JSON and TOML file stores;
* ``rules/`` -- the semantic validation rules;
* ``kinds/`` -- the report kinds (follow-up, overview, register);
* ``formats/`` -- the report formats (Markdown, HTML, DOCX, PDF, XLSX, CSV,
  JSON);
* ``codelists`` -- the built-in vocabularies.

Each is written exactly as a third-party plugin would be: it imports the
extension API from :mod:`munintl.hooks` and the toolkits from
:mod:`munintl.reports`, :mod:`munintl.storage` and :mod:`munintl.wire`, and
nothing else of munintl imports it (the manager registers the modules named
in :data:`munintl.hooks.manager.DEFAULT_PLUGINS`).

The extension API used to live here; ``from munintl.plugins import hookimpl,
Rule, ...`` keeps working, but new code imports it from :mod:`munintl.hooks`.
"""

from munintl.hooks import *  # noqa: F403 - the extension API's old home
from munintl.hooks import __all__ as __all__
