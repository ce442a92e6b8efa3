"""munintl's database migrations (Alembic).

Run by :mod:`munintl.plugins.storage.sql.migrate`, never by hand.
"""
