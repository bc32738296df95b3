"""What reading an upload costs before any row is parsed (apps/core/uploads.py).

- a 1.6 KB xlsx declaring A1:B2 with one cell at CV200000 or XFD1048576 must be refused in ≤ 300 ms with the
  process growing ≤ 20 MB (the reader would otherwise build the whole bounding box: 20 million cells, or
  seventeen billion);
- measuring a clean 10,000-row ledger (the cells it meets, before calamine builds its grid) adds little.
"""

import io
import resource
import time
import zipfile


def sparse_xlsx(far_cell):
    row = int("".join(ch for ch in far_cell if ch.isdigit()))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" t="inlineStr">'
             f'<is><t>企业名称</t></is></c></row><row r="{row}"><c r="{far_cell}"><v>1</v></c></row></sheetData>'
             '</worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="企业" sheetId="1" r:id="rId1"/>'
                                      "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" '
                                                 'Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def main(argv):
    from apps.core import spreadsheets, uploads

    for cell in ("CV200000", "XFD1048576"):
        data = sparse_xlsx(cell)
        before, started = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter()
        try:
            uploads.inspect(data, "sparse.xlsx", 20000)
            verdict = "accepted (!)"
        except uploads.UploadError:
            verdict = "refused"
        elapsed = (time.perf_counter() - started) * 1000
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(f"  {len(data):,} B xlsx, one cell at {cell}: {verdict} in {elapsed:.1f} ms, "
              f"peak memory +{grown:.1f} MB (goal ≤ 300 ms, ≤ 20 MB)", flush=True)
    rows = [[f"企业{i}有限公司", f"91420102MA4K{i:07d}1", "420102002", "", "C", "民营企业", 30 + i % 100, "是", "否",
             "张三", "13800000000", 2026, "创建中"] for i in range(10_000)]
    data = spreadsheets.workbook_bytes([("企业", [f"列{n}" for n in range(13)], rows)])
    archive = zipfile.ZipFile(io.BytesIO(data))
    started = time.process_time()
    extent = uploads.measure(archive, "xl/worksheets/sheet1.xml", 20000)
    measured = time.process_time() - started
    started = time.process_time()
    count = sum(1 for _ in uploads.read_table(data, "ledger.xlsx", max_rows=20000).rows)
    print(f"  10,000-row ledger ({len(data) / 1e6:.1f} MB): measuring {extent.cells:,} cells {measured * 1000:.0f} ms CPU; "
          f"measure + read {count:,} rows {(time.process_time() - started) * 1000:.0f} ms CPU", flush=True)


if __name__ == "__main__":
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    main(sys.argv[1:])
