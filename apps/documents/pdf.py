"""The one way the portal makes a PDF: a Django template rendered by WeasyPrint.

Fonts come from Debian's fonts-noto-cjk through fontconfig; every font stack in the templates names
Noto Serif/Sans CJK SC so no glyph is dropped (WeasyPrint drops uncovered glyphs silently). The URL
fetcher refuses file:// and remote URLs: a document never reads the disk or the network.
"""

import logging

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


class FetchRefused(ValueError):
    pass


def refuse_external(url, *args, **kwargs):
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise FetchRefused(f"文书模板不得引用外部资源：{url[:80]}")


def render_html(template_name, context):
    return render_to_string(template_name, context)


def render_pdf(template_name, context):
    from weasyprint import HTML

    html = render_html(template_name, context)
    return HTML(string=html, url_fetcher=refuse_external, base_url="/").write_pdf()


def pdf_response(request, template_name, context, filename, back):
    """The PDF shown inline; if rendering fails, the user is sent back to `back` (a URL or a model with
    get_absolute_url) with a Chinese message and nothing is changed — a page view renders, it never writes."""
    try:
        pdf = render_pdf(template_name, context)
    except Exception:  # noqa: BLE001 - whatever WeasyPrint raised, the user gets a message, the log the trace
        log.exception("PDF rendering failed: %s", template_name)
        messages.error(request, "PDF 生成失败，记录未作任何改动。请稍后重试；如仍失败，请联系系统管理员。")
        return redirect(back)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
