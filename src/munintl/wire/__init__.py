"""The wire layer: the one shape the model takes in files, databases and schemas.

* :mod:`munintl.wire.convert` -- the strict cattrs converter of record;
* :mod:`munintl.wire.fastjson` -- a faster decoder for valid JSON, proven
  to give the converter's objects;
* :mod:`munintl.wire.schema` -- JSON Schemas of that shape;
* :mod:`munintl.wire.paths` -- the one field-path convention findings use;
* :mod:`munintl.wire.limits` -- where a JSON or TOML text goes beyond what
  its parser reads (numbers too long, nesting too deep).
"""
