"""The one way the portal makes a PDF: a Django template rendered by WeasyPrint.

Fonts come from Debian's fonts-noto-cjk through fontconfig; every font stack in the templates names
Noto Serif/Sans CJK SC so no glyph is dropped (WeasyPrint drops uncovered glyphs silently). The URL
fetcher refuses file:// and remote URLs: a document never reads the disk or the network.
"""

import threading

from django.template.loader import render_to_string


class FetchRefused(ValueError):
    pass


def refuse_external(url, *args, **kwargs):
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise FetchRefused(f"文书模板不得引用外部资源：{url[:80]}")


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
    return HTML(string=html, url_fetcher=refuse_external, base_url="/").write_pdf(font_config=font_config())
