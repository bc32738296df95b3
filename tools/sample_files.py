"""Small real files the load test uploads (tools/loadtest.py prepares them, tools/locustfile.py sends them)."""

import io
import time


def pdf_bytes():
    """A one-page A4 PDF: what the upload validator (apps/core/attachments.py) parses."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def import_workbook(township, county, batch, rows=2000):
    """An import file of `rows` new enterprises in one township, laid out as the download template."""
    from openpyxl import Workbook
    from stdnum.cn import uscc

    headers = ["企业名称", "统一社会信用代码", "所在区划代码", "所在园区", "行业门类", "经济类型", "职工人数", "已建工会",
               "已签集体合同", "联系人", "联系电话", "创建年度", "创建状态"]
    book = Workbook()
    sheet = book.active
    sheet.title = "企业"
    sheet.append(headers)
    letter = "ABCDEFGHJKLMNPQRTUWXY"[batch % 21]
    for n in range(rows):
        body = f"91{county}M{letter}{(batch // 21) * rows + n:07d}"
        sheet.append([f"压测导入企业{batch}-{n}有限公司", body + uscc.calc_check_digit(body), township, "", "C", "民营企业",
                      30 + n % 500, "是", "否", "张三", "13800000000", time.localtime().tm_year, "创建中"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
