"""The toolkit report formats use to render a document.

* :mod:`munintl.reports.rendering.markup` -- text in the Markdown subset as
  Markdown, HTML, Typst or plain text; table cells; spreadsheet cells made
  safe; Jinja2 templates;
* :mod:`munintl.reports.rendering.ooxml` -- small helpers for Office Open
  XML (DOCX and XLSX): fields, runs, borders, deterministic zips;
* :mod:`munintl.reports.rendering.figures` -- the timeline figure as SVG
  and PNG.

A format plugin takes a :class:`~munintl.reports.document.ReportDocument`
and uses these; it never queries the model.
"""
