"""Small real files the load test uploads (tools/loadtest.py prepares with them, tools/locustfile.py sends them)."""

import io


def pdf_bytes():
    """A one-page A4 PDF: what the upload validator (apps/core/attachments.py) parses."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
