"""One module per schema revision, oldest first (``SCHEMA_REVISIONS``)."""
