"""The settings of the YAML directory store.

Apart from the store, so that listing plugins does not import ruamel.yaml.
"""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class YamlDirSettings:
    """Settings of the ``yaml`` store (``[plugins.yaml]`` in ``munintl.toml``).

    ``width`` and ``indent`` shape the files a save writes (a changed file a
    person wrote with longer lines keeps them); ``max_file_size`` (bytes) is
    the largest file read; ``lock_timeout`` (seconds) is how long to wait
    for another program's save to finish.
    """

    width: int = attrs.field(default=88, validator=attrs.validators.ge(40))
    indent: int = attrs.field(
        default=2, validator=[attrs.validators.ge(2), attrs.validators.le(8)]
    )
    max_file_size: int = attrs.field(
        default=2 * 1024 * 1024, validator=attrs.validators.gt(0)
    )
    lock_timeout: float = attrs.field(default=10.0, validator=attrs.validators.ge(0))
