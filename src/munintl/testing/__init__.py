"""Test helpers for munintl and its plugins.

Fixtures, sample data, Hypothesis strategies and contract suites.

Each plugin family has its own module: :mod:`munintl.testing.plugins` (plugin
manager fixtures), :mod:`munintl.testing.storage` (the storage contract suite),
:mod:`munintl.testing.reports` (the report-format contract suite),
:mod:`munintl.testing.samples` and :mod:`munintl.testing.strategies`.
Nothing here is imported by ``import munintl``.
"""
