"""The figures of the official-document layout, from GB/T 9704-2012 《党政机关公文格式》.

Source: GB/T 9704-2012 sections 5.2.1 (A4), 5.2.2 (天头 37 mm ± 1, 订口 28 mm ± 1, 版心 156 × 225 mm),
5.2.3 (22 lines × 28 characters), 5.3 (3号 = 16 pt), 7.2.1 (发文机关标志 35 mm below the 版心's top, red),
7.2.2 (发文字号 with 〔〕), 7.2.4 (red rule 4 mm below the 发文字号), 7.4 (版记 at the foot of the last page),
7.5 (页码 4号, 7 mm below the 版心). The templates read these numbers (context variable ``L``) and the layout
test (tests/documents/test_layout.py) measures the PDFs against them.
"""

from dataclasses import dataclass

MM_PER_PT = 25.4 / 72

PAGE_W, PAGE_H = 210.0, 297.0
TOP, LEFT = 37.0, 28.0
AREA_W, AREA_H = 156.0, 225.0
RIGHT = PAGE_W - LEFT - AREA_W  # 26 mm
BOTTOM = PAGE_H - TOP - AREA_H  # 35 mm
LINES, CHARS = 22, 28
TEXT_PT = 16.0  # 3号
FOLIO_PT = 14.0  # 4号
FOLIO_GAP = 7.0  # 页码 below the 版心
MASTHEAD_GAP = 35.0  # 发文机关标志 below the 版心's top
# Noto Serif CJK's line metrics (ascender 1.16 em) set a 3号 glyph's em box 1.15 mm lower in its line than half
# the leading (measured with pdfplumber): the page box is moved up by as much
GLYPH_DROP = 1.15
RED = "#e60000"
DOC_NUMBER_PATTERN = r"^\S+〔\d{4}〕[1-9]\d*号$"


def pt(mm):
    return mm / MM_PER_PT


@dataclass(frozen=True)
class Official:
    # the 22 lines fill the 版心: the first line's characters on its top edge, the last line's on its bottom
    pitch: float = round((pt(AREA_H) - TEXT_PT) / (LINES - 1), 3)
    # 28 characters fill the 版心's width: 3号 characters set a little closer
    tracking: float = round(pt(AREA_W) / CHARS - TEXT_PT - 0.03, 3)
    red: str = RED
    masthead_pt: float = 24.0
    masthead_line: float = 32.0
    title_line: float = 33.0

    @property
    def footnote_gap(self):
        return round(self.half_leading - GLYPH_DROP, 3)

    @property
    def half_leading(self):
        return round((self.pitch - TEXT_PT) / 2 * MM_PER_PT, 3)

    @property
    def margin_top(self):
        return round(TOP - self.half_leading - GLYPH_DROP, 3)

    @property
    def margin_bottom(self):
        return round(BOTTOM - self.half_leading + GLYPH_DROP, 3)

    margin_left: float = LEFT
    margin_right: float = RIGHT

    @property
    def pitch_x2(self):
        return round(self.pitch * 2, 3)

    @property
    def masthead_gap(self):
        # the first line box starts half a leading above the 版心; the masthead's glyph top sits at its line's
        # half leading below the box top
        # half leading below the box top, less what Noto Serif CJK's tall line metrics add (measured: 1.85 mm at
        # 24 pt on 32 pt lines)
        return round(MASTHEAD_GAP + self.half_leading - (self.masthead_line - self.masthead_pt) / 2 * MM_PER_PT
                     - 1.85 + GLYPH_DROP, 3)

    @property
    def folio_css(self):
        # the bottom margin box starts at the content box's foot: push the folio's glyph top 7 mm below the 版心
        # (less 1.08 mm: Noto Serif CJK's line metrics put a 14 pt glyph that far down a 14 pt line, measured)
        gap = FOLIO_GAP - self.half_leading - 1.08 + GLYPH_DROP
        return (f'font-family: "Noto Serif CJK SC", serif; font-size: {FOLIO_PT}pt; line-height: {FOLIO_PT}pt; '
                f"vertical-align: top; padding-top: {round(gap, 3)}mm; letter-spacing: 0;")


OFFICIAL = Official()


def _ems(text):
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def masthead_rows(issuers, size=Official.masthead_pt):
    """Each issuing body with the letter-spacing (pt) that makes every name as wide as the longest."""
    issuers = list(issuers or [])
    widest = max((_ems(name) for name in issuers), default=0)
    return [(name, round((widest - _ems(name)) * size / max(len(name) - 1, 1), 3)) for name in issuers]
