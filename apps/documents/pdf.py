"""The one way the portal makes a PDF: a Django template rendered by WeasyPrint.

Fonts come from Debian's fonts-noto-cjk through fontconfig; every font stack in the templates names
Noto Serif/Sans CJK SC so no glyph is dropped (WeasyPrint drops uncovered glyphs silently). The URL
fetcher refuses file:// and remote URLs: a document never reads the disk or the network.
"""

import threading

from django.template.loader import render_to_string


class FetchRefused(ValueError):
    pass


def document_fetcher():
    """WeasyPrint's fetcher limited to data: URLs. A refused URL drops that one resource with a warning and the
    document is still made (WeasyPrint catches the fetcher's errors; a plain function instead of a URLFetcher
    made WeasyPrint 70 fail the whole render). One per render: a URLFetcher keeps per-request state."""
    from weasyprint.urls import URLFetcher

    class DocumentFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise FetchRefused(f"文书模板不得引用外部资源：{url[:80]}")
            return super().fetch(url, headers)

    return DocumentFetcher(allowed_protocols={"data"})


def render_html(template_name, context):
    from .layout import OFFICIAL, masthead_rows

    return render_to_string(template_name, {"L": OFFICIAL, "masthead": masthead_rows(context.get("issuers")),
                                            **context})


_local = threading.local()


def font_config():
    """One WeasyPrint FontConfiguration per thread of a worker, kept across renders: without it every render
    loads fontconfig's configuration again (FcInitLoadConfigAndFonts) and builds a new Pango font map that opens
    and measures the Noto CJK collections afresh. (A font map is not thread-safe: one per thread.)"""
    if getattr(_local, "fonts", None) is None:
        from weasyprint.text.fonts import FontConfiguration

        _local.fonts = FontConfiguration()
    return _local.fonts


def render_pdf(template_name, context):
    from weasyprint import HTML

    html = render_html(template_name, context)
    return HTML(string=html, url_fetcher=document_fetcher(), base_url="/").write_pdf(font_config=font_config())
