"""Export of exactly the filtered rows a user may see, as xlsx (openpyxl write-only) or csv.

The columns are the import template's (so an exported file can be corrected and imported again) plus the
region's name. Phones are masked; any text cell starting with = + - @, a tab or a carriage return is
prefixed with an apostrophe so that spreadsheet software never runs it as a formula.
"""

import csv
import io

from apps.core.masking import mask_phone
from apps.core.spreadsheets import XLSX, neutralise, write_workbook

from .importing import COLUMNS, INFO_HEADERS
from .models import CreationRecord, Industry, Ownership

EXPORT_HEADERS = [header for _, header, _ in COLUMNS] + INFO_HEADERS[:1]
SYNC_LIMIT = 5000  # more rows than this → a background job
CHUNK = 2000


def export_rows(queryset, year):
    """Rows (lists of cells) for the export of `queryset` (already scoped and filtered), in its order."""
    industries = dict(Industry.choices)
    ownerships = dict(Ownership.choices)
    statuses = dict(CreationRecord.Status.choices)
    fields = ("name", "uscc", "region__code", "park__name", "industry", "ownership", "employee_count",
              "has_union", "has_collective_contract", "contact_person", "contact_phone", "year_status",
              "region__full_name")
    rows = queryset.with_status(year).values_list(*fields)
    for (name, uscc, region_code, park, industry, ownership, employees, union, contract, person, phone,
         status, region_name) in rows.iterator(chunk_size=CHUNK):
        yield [neutralise(name), uscc, region_code, neutralise(park or ""), industries.get(industry, industry),
               ownerships.get(ownership, ownership), employees, "是" if union else "否", "是" if contract else "否",
               neutralise(person), mask_phone(phone) if phone else "", year if status else "",
               statuses.get(status, ""), region_name]


def write_xlsx(rows, out, progress=None):
    # the rows are neutralised column by column above (they are the csv's too): written as they are
    write_workbook([("企业", EXPORT_HEADERS, rows)], out, cell=None, progress=progress, every=CHUNK)


def write_csv(rows, out, progress=None):
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(EXPORT_HEADERS)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if progress and count % CHUNK == 0:
            progress(count)
    text.flush()
    text.detach()


WRITERS = {"xlsx": write_xlsx, "csv": write_csv}
CONTENT_TYPES = {"xlsx": XLSX,
                 "csv": "text/csv; charset=utf-8"}
