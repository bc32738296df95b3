"""Small real files for upload tests: the one upload validator (apps/core/attachments.py) parses them."""

import io


def pdf_bytes(text=""):
    """A one-page PDF (pypdf), optionally carrying `text` in its metadata so two files differ."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if text:
        writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = pdf_bytes()


def png_bytes(size=(4, 4)):
    """A small real PNG (Pillow)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()
