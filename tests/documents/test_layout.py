"""Every registered document kind, rendered from its sample, measured against GB/T 9704-2012 with pdfplumber
(figures in apps/documents/layout.py) and read back with pdftotext. A kind registered tomorrow is measured
by the same parametrised test. Rendered pages of the naming notice, a certificate and a revocation notice are
kept as PNGs under var/artifacts/documents/ (gitignored) for a person to look at."""

import importlib
import io
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from apps.documents import kinds, layout
from apps.documents.pdf import render_pdf

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
TOL = 1.0
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "documents"
KEEP_PNG = {"honour-naming", "honour-certificates", "honour-revocation"}


def sample_of(kind):
    module, name = kind.sample.split(":")
    return getattr(importlib.import_module(module), name)()


def mm(value):
    return value / MM


def is_red(color):
    return isinstance(color, (tuple, list)) and len(color) == 3 and color[0] > 0.8 and max(color[1:]) < 0.2


def body_lines(page):
    """Lines of 3号 black text: (top, x0, x1, characters)."""
    rows = defaultdict(list)
    for ch in page.chars:
        if abs(ch["size"] - layout.TEXT_PT) < 0.3 and not is_red(ch["non_stroking_color"]) and ch["text"].strip():
            rows[round(ch["top"], 0)].append(ch)
    return [(top, min(c["x0"] for c in cs), max(c["x1"] for c in cs), cs) for top, cs in sorted(rows.items())]


def render(kind, tmp_path):
    pdf = render_pdf(kind.template, sample_of(kind))
    path = tmp_path / f"{kind.code}.pdf"
    path.write_bytes(pdf)
    if kind.code in KEEP_PNG:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{kind.code}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(ARTIFACTS / kind.code)], check=True)
        print(f"rendered pages kept in {ARTIFACTS}/{kind.code}-*.png")
    return pdf, path


def check_text(path, context):
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "□" not in text and "\ufffd" not in text
    flat = "".join(text.split())
    title = "".join(str(context.get("title", "")).split())
    if title and context.get("paragraphs"):  # every glyph of the title came through (none dropped)
        assert title in flat, f"标题缺字：{title}"
    return flat


def check_inside(page):
    w, h = page.width, page.height
    for obj in page.chars + page.rects + page.lines:
        assert obj["x0"] >= -0.5 and obj["x1"] <= w + 0.5 and obj["top"] >= -0.5 and obj["bottom"] <= h + 0.5, (
            f"超出页面：{obj.get('text', obj['object_type'])} {obj['x0']:.1f},{obj['top']:.1f}–"
            f"{obj['x1']:.1f},{obj['bottom']:.1f}")


def measure_official(pdf, context):
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = doc.pages
        for page in pages:
            assert abs(mm(page.width) - layout.PAGE_W) < 0.5 and abs(mm(page.height) - layout.PAGE_H) < 0.5
            check_inside(page)
        first = pages[0]
        # the red 版头: its top 35 mm below the 版心's top, centred on the 版心, red
        red = [c for c in first.chars if is_red(c["non_stroking_color"]) and c["text"].strip()]
        assert red, "首页没有红色发文机关标志"
        assert abs(mm(min(c["top"] for c in red)) - (layout.TOP + layout.MASTHEAD_GAP)) <= TOL
        centre = (min(c["x0"] for c in red) + max(c["x1"] for c in red)) / 2
        assert abs(mm(centre) - (layout.LEFT + layout.AREA_W / 2)) <= TOL
        assert "文件" in "".join(c["text"] for c in red)
        assert mm(min(c["x0"] for c in red)) >= layout.LEFT - TOL  # the header stays inside the 版心
        assert mm(max(c["x1"] for c in red)) <= layout.LEFT + layout.AREA_W + TOL
        # the red rule: as wide as the 版心, 4 mm below the 文号
        rules = [r for r in first.rects + first.lines if is_red(r.get("non_stroking_color") or r.get("stroking_color"))
                 and r["width"] > 100 * MM]
        assert rules, "没有红色分隔线"
        rule = rules[0]
        assert abs(mm(rule["x0"]) - layout.LEFT) <= TOL and abs(mm(rule["x1"]) - (layout.LEFT + layout.AREA_W)) <= TOL
        number = context.get("doc_number")
        if number:
            assert re.match(layout.DOC_NUMBER_PATTERN, number), number
            words = first.extract_words(keep_blank_chars=True)
            line = [w for w in words if number in w["text"].replace(" ", "")]
            assert line, f"首页找不到文号 {number}"
            assert abs(mm(rule["top"] - line[0]["bottom"]) - 4) <= TOL + 0.5
        # the 版心: body lines start on the 订口, full lines end on the right edge with 28 characters,
        # continuation pages start on the 天头 and nothing of the text runs below the 版心
        full_lines = 0
        for index, page in enumerate(pages):
            lines = body_lines(page)
            for top, x0, x1, chars in lines:
                assert mm(x0) >= layout.LEFT - TOL, f"第{index + 1}页有文字超出左边界"
                assert mm(x1) <= layout.LEFT + layout.AREA_W + TOL, f"第{index + 1}页有文字超出右边界"
                assert mm(top) <= layout.TOP + layout.AREA_H + TOL
                # 28 characters a line: counted on lines of full-width characters only (Arabic numerals and
                # Latin letters are half-width, so a mixed line holds more)
                if all(c["x1"] - c["x0"] > layout.TEXT_PT * 0.9 for c in chars):
                    assert len(chars) <= layout.CHARS, f"第{index + 1}页一行 {len(chars)} 字"
                    if abs(mm(x0) - layout.LEFT) <= TOL and abs(mm(x1) - (layout.LEFT + layout.AREA_W)) <= TOL:
                        assert len(chars) == layout.CHARS
                        full_lines += 1
            if index and lines and lines[0][2] - lines[0][1] > 100 * MM:
                assert abs(mm(lines[0][0]) - layout.TOP) <= TOL, f"第{index + 1}页天头 {mm(lines[0][0]):.1f} mm"
            if len(lines) == layout.LINES:  # a full page: its 22nd line sits on the 版心's bottom edge
                assert abs(mm(lines[-1][3][0]["bottom"]) - (layout.TOP + layout.AREA_H)) <= TOL
            # 页码: 4号, 7 mm below the 版心
            folio = [c for c in page.chars if abs(c["size"] - layout.FOLIO_PT) < 0.3 and c["text"].isdigit()
                     and mm(c["top"]) > layout.TOP + layout.AREA_H]
            assert folio, f"第{index + 1}页没有页码"
            assert abs(mm(folio[0]["top"]) - (layout.TOP + layout.AREA_H + layout.FOLIO_GAP)) <= TOL
        assert full_lines, "没有一整行正文可量"
        # 版记 on the last page, its last rule on the 版心's bottom edge; 附件说明 before the 署名
        last = pages[-1]
        last_text = last.extract_text() or ""
        assert "印发" in last_text
        assert all("印发" not in (p.extract_text() or "") for p in pages[:-1])
        rules = [r for r in last.rects + last.lines if r["width"] > 150 * MM and not is_red(r.get("non_stroking_color"))]
        assert rules and abs(mm(max(r["bottom"] for r in rules)) - (layout.TOP + layout.AREA_H)) <= TOL
        whole = "".join((p.extract_text() or "") for p in pages)
        if context.get("annex_titles"):
            assert "附件：" in whole.replace(" ", "")
        assert "印章" not in whole


def measure_certificate(pdf):
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        boxes = []
        for page in doc.pages:
            assert abs(mm(page.width) - 297) < 0.5 and abs(mm(page.height) - 210) < 0.5
            check_inside(page)
            frame = [r for r in page.rects + page.lines if is_red(r.get("stroking_color") or r.get("non_stroking_color"))]
            assert frame, "证书没有边框"
            box = (min(r["x0"] for r in frame), min(r["top"] for r in frame), max(r["x1"] for r in frame),
                   max(r["bottom"] for r in frame))
            assert mm(box[0]) > 5 and mm(box[1]) > 5 and mm(box[2]) < 292 and mm(box[3]) < 205
            boxes.append(box)
        assert all(max(abs(a - b) for a, b in zip(box, boxes[0], strict=True)) < 0.3 * MM for box in boxes), (
            "各页边框位置不一致")


@pytest.mark.parametrize("code", sorted(kinds.REGISTRY))
def test_every_registered_kind_is_laid_out_to_the_standard(code, tmp_path):
    kind = kinds.REGISTRY[code]
    if kind.layout == "form" and not kind.sample:
        pytest.skip("表格类文书（评估报告）无样例：由其业务测试读取")
    assert kind.sample, f"文书类别 {code} 没有登记样例，无法测量"
    context = sample_of(kind)
    pdf, path = render(kind, tmp_path)
    check_text(path, context)
    if kind.layout == "official":
        measure_official(pdf, context)
    elif kind.layout == "certificate":
        measure_certificate(pdf)


def test_the_register_holds_every_kind_the_portal_issues():
    assert {"notice", "honour-publicity", "honour-naming", "honour-revocation", "honour-rereview-letter",
            "honour-certificates", "commendation_roster", "certificate", "bulletin", "annual-report",
            "assessment-report"} <= set(kinds.REGISTRY)
