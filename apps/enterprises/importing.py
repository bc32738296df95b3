"""The enterprise ledger's import: what a row means, checked set-wise, and its bulk write.

The engine (apps/core/imports.py) reads the file, keeps the job, claims the confirmation and re-checks the
area; this module says what the columns (apps.enterprises.resources) mean. Validation reads the database
state it needs in a handful of queries (regions, parks, the existing enterprises whose codes appear in the
file), so 10,000 rows validate in about a second. The write is bulk inserts and `UPDATE … FROM (VALUES …)`
(history rows included), not a save per row; a single bad row stops the whole import (all or nothing, apps/core/imports.py) and
each bad row is reported in Chinese with its row number and column.
"""


from django.db import transaction
from django.utils import timezone

from apps.core import bulk, spreadsheets, uploads, widgets
from apps.core.imports import Importer, ImportPlan, register
from apps.core.uploads import UploadError
from apps.regions.models import Park, Region

from .forms import PHONE_RE, clean_uscc
from .models import CAMPAIGN_YEARS, CreationRecord, Enterprise, Industry, Ownership, Subject
from .resources import EnterpriseResource

MAX_UPLOAD_BYTES = uploads.MAX_BYTES
BATCH = 2000

_ATTRIBUTES = {"企业名称": "name", "统一社会信用代码": "uscc", "所在区划代码": "region", "所在园区": "park",
               "创建年度": "year", "创建状态": "status"}
# (attribute, header, required) — the template's columns, in order, as the resource declares them
COLUMNS = [(_ATTRIBUTES.get(field.column_name, field.attribute), field.column_name,
            field.column_name in EnterpriseResource.Meta.required)
           for field in (EnterpriseResource().fields[name] for name in EnterpriseResource.Meta.fields)]
HEADERS = [header for _, header, _ in COLUMNS]
HEADER_OF = {attr: header for attr, header, _ in COLUMNS}
# columns an export adds for reading; an import of an exported file ignores them
INFO_HEADERS = ["所在区划名称", "更新时间"]
ENTERPRISE_FIELDS = ["name", "region", "park", "industry", "ownership", "employee_count", "has_union",
                     "has_collective_contract", "contact_person", "contact_phone"]
INSTRUCTIONS = [
    "第一行为表头，请勿修改或删除；从第二行起每行一家企业。",
    "带 * 的列必填：企业名称、统一社会信用代码、所在区划代码、行业门类。",
    "统一社会信用代码为 18 位，按 GB 32100-2015 校验末位校验码；已登记的代码按“更新”处理。",
    "所在区划代码填写县（市、区）或乡镇（街道）的统计用区划代码，只能填写您管辖范围内的代码，可在单元格的下拉列表中选择，"
    "见“区划代码”工作表。",
    "行业门类、经济类型、创建状态可在单元格的下拉列表中选择，见“代码表”工作表。",
    "职工人数为非负整数；已建工会、已签集体合同填写 是 或 否。",
    "创建年度（2023–2027）与创建状态（未启动、创建中、自评中、达标）同时填写时，写入该年度的创建台账。"
    "“示范”只能由省级命名产生，不能导入。",
    "更新已有企业时，留空的选填列保持原值不变；带 * 号的脱敏电话不会覆盖原号码。",
    "文件支持 .xlsx、.xls（Excel 97–2003、WPS）和 .csv（UTF-8 或 GBK），不超过 20 MB；任何一行有错误时整批不写入，"
    "请按预览页列出的原因修改后重新上传。",
]
ImportFileError = UploadError  # the file as a whole cannot be imported (type, size, empty, headers)


def check_headers(headers):
    known = set(HEADERS) | set(INFO_HEADERS)
    missing = [h for _, h, required in COLUMNS if required and h not in headers]
    unknown = [h for h in headers if h and h not in known]
    duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
    problems = []
    if missing:
        problems.append("缺少必填列：" + "、".join(missing))
    if unknown:
        problems.append("无法识别的列：" + "、".join(unknown))
    if duplicated:
        problems.append("重复的列：" + "、".join(duplicated))
    if problems:
        raise UploadError("表头不符合模板（" + "；".join(problems) + "）。请下载最新模板，按模板表头填写。")


# ---------------------------------------------------------------- validating

_cell = uploads.text

class _Lookups:
    """Everything validation needs from the database, read once."""

    def __init__(self, user):
        self.all_codes = set(Region.objects.values_list("code", flat=True))
        self.regions = {code: (pk, path, level, full_name, code) for pk, code, path, level, full_name in
                        Region.objects.visible_to(user).values_list("pk", "code", "path", "level", "full_name")}
        self.parks = {}
        for pk, name, path in Park.objects.visible_to(user).values_list("pk", "name", "region__path"):
            self.parks.setdefault(name, []).append((pk, path))
        self.park_townships = {}  # park pk → the township paths it lies in (none named: any in its region)
        for pk, path in Park.townships.through.objects.filter(park__in=[p for c in self.parks.values()
                                                                         for p, _ in c]).values_list(
                "park_id", "region__path"):
            self.park_townships.setdefault(pk, []).append(path)
        self.industries = {}
        for value, label in Industry.choices:
            self.industries[value] = value
            self.industries[label] = value
            self.industries[label.split(" ", 1)[1]] = value
        self.ownerships = {label: value for value, label in Ownership.choices} | {v: v for v in Ownership.values}
        self.statuses = {label: value for value, label in CreationRecord.Status.choices} | {
            v: v for v in CreationRecord.Status.values}
        self.years = {y for y, _ in CAMPAIGN_YEARS}


def _bool(value, header, errors):
    try:
        return widgets.yes_no(value)
    except ValueError as exc:
        errors.append((header, f"{header}{exc}"))
        return None


def _parse_row(cells, index, lookups, errors):
    """Cells of one row → typed values (None = left empty); (column, problem) appended to errors."""
    raw = {attr: (_cell(cells[index[header]]) if header in index and index[header] < len(cells) else "")
           for attr, header, _ in COLUMNS}
    h = HEADER_OF
    values = {}
    for attr, header, required in COLUMNS:
        if required and not raw[attr]:
            errors.append((header, f"缺少必填项“{header}”"))
    if raw["name"]:
        if len(raw["name"]) > 200:
            errors.append((h["name"], "企业名称超过 200 字"))
        values["name"] = raw["name"]
    if raw["uscc"]:
        try:
            values["uscc"] = clean_uscc(raw["uscc"])
        except ValueError as exc:
            errors.append((h["uscc"], str(exc)))
    code = raw["region"]
    if code:
        region = lookups.regions.get(code)
        if region is None:
            errors.append((h["region"], f"所在区划代码“{code}”不在您的管辖范围内" if code in lookups.all_codes
                           else f"所在区划代码“{code}”不存在，请按“区划代码”工作表填写"))
        elif region[2] not in (Region.Level.COUNTY, Region.Level.TOWNSHIP):
            errors.append((h["region"], f"所在区划代码“{code}”是{region[3]}，应填写县（市、区）或乡镇（街道）代码"))
        else:
            values["region"] = region
    if raw["park"]:
        candidates = lookups.parks.get(raw["park"], [])
        region = values.get("region")
        matches = [pk for pk, path in candidates if region is None or region[1].startswith(path)]
        if matches and region is not None and region[2] == Region.Level.TOWNSHIP:
            located = [pk for pk in matches if region[1] in lookups.park_townships.get(pk, [region[1]])]
            if not located:
                errors.append((h["park"], f"所在园区“{raw['park']}”不在所填乡镇（街道）内，请核对所在区划代码或园区"))
            matches = located or None
        if matches == []:
            errors.append((h["park"], f"所在园区“{raw['park']}”不存在或不在所填区划内"))
        elif matches:
            values["park"] = matches[0]
    if raw["industry"]:
        industry = lookups.industries.get(raw["industry"].upper() if len(raw["industry"]) == 1 else raw["industry"])
        if industry is None:
            errors.append((h["industry"], f"行业门类“{raw['industry']}”无法识别，应为 A–T 的字母或门类名称"))
        else:
            values["industry"] = industry
    if raw["ownership"]:
        ownership = lookups.ownerships.get(raw["ownership"])
        if ownership is None:
            errors.append((h["ownership"],
                           f"经济类型“{raw['ownership']}”无法识别，应为：" + "、".join(Ownership.labels)))
        else:
            values["ownership"] = ownership
    if raw["employee_count"]:
        text = raw["employee_count"].replace(",", "")
        if not text.isdigit():
            errors.append((h["employee_count"], f"职工人数应为非负整数（现为“{raw['employee_count']}”）"))
        elif int(text) > 2_000_000:
            errors.append((h["employee_count"], f"职工人数“{text}”超出合理范围"))
        else:
            values["employee_count"] = int(text)
    for attr in ("has_union", "has_collective_contract"):
        flag = _bool(raw[attr], h[attr], errors)
        if flag is not None:
            values[attr] = flag
    if raw["contact_person"]:
        if len(raw["contact_person"]) > 50:
            errors.append((h["contact_person"], "联系人超过 50 字"))
        values["contact_person"] = raw["contact_person"]
    phone = raw["contact_phone"]
    if phone and "*" not in phone:  # a masked phone from an export never overwrites the real one
        if not PHONE_RE.match(phone):
            errors.append((h["contact_phone"], f"联系电话“{phone}”格式不正确，只能包含数字、“-”和“+”，5 至 20 位"))
        else:
            values["contact_phone"] = phone
    if raw["year"] or raw["status"]:
        if not (raw["year"] and raw["status"]):
            errors.append((h["status"] if raw["year"] else h["year"], "创建年度与创建状态须同时填写"))
        else:
            year = int(raw["year"]) if raw["year"].isdigit() else None
            if year not in lookups.years:
                errors.append((h["year"], f"创建年度“{raw['year']}”应为 2023–2027 之间的年份"))
            status = lookups.statuses.get(raw["status"])
            hand_set = "、".join(CreationRecord.Status(v).label for v in CreationRecord.HAND_SET)
            if status in CreationRecord.DERIVED_FROM:
                # 达标/未达标 follow a concluded assessment, 示范 a title: never typed into a ledger
                errors.append((h["status"], f"创建状态不能导入为“{CreationRecord.Status(status).label}”："
                                            f"{CreationRecord.DERIVED_FROM[status]}请填写{hand_set}"))
                status = None
            elif status is None:
                errors.append((h["status"], f"创建状态“{raw['status']}”无法识别，应为：{hand_set}"))
            if year in lookups.years and status:
                values["record"] = (year, status)
    return values


def validate(data, filename, user, progress=None):
    """Read and check a whole file (bytes) for this user; returns an ImportPlan (nothing is written)."""
    importer = EnterpriseImporter(user)
    table = uploads.read_table(data, filename, max_rows=importer.max_rows, sheet=importer.sheet)
    importer.check_headers(table.headers)
    plan = importer.validate(table, progress or (lambda *args: None))
    if plan.total == 0:
        raise UploadError("文件只有表头，没有数据行。")
    return plan


def _region_warnings(plan, parsed):
    """A code whose registration area (its 3rd–8th characters) differs from the row's region: a warning only."""
    try:
        from . import uscc_region_mismatch
    except ImportError:  # the check arrives with the findings work; until then there is nothing to warn about
        return
    for row_no, values, bad in parsed:
        if not bad and "uscc" in values and "region" in values:
            message = uscc_region_mismatch(values["uscc"], values["region"][4])
            if message:
                plan.warnings.append([row_no, HEADER_OF["uscc"], message])


def _validate(table, user, progress):
    index = {}
    for position, header in enumerate(table.headers):
        index.setdefault(header, position)
    lookups = _Lookups(user)
    plan = ImportPlan()
    parsed = []
    seen = {}
    for row_no, cells in table.rows:
        errors = []
        values = _parse_row(cells, index, lookups, errors)
        uscc = values.get("uscc")
        if uscc:
            if uscc in seen:
                errors.append((HEADER_OF["uscc"], f"统一社会信用代码与第 {seen[uscc]} 行重复"))
            else:
                seen[uscc] = row_no
        for column, message in errors:
            plan.error(row_no, column, message)
        parsed.append((row_no, values, bool(errors)))
        if len(parsed) % 1000 == 0:
            progress(len(parsed))
    plan.total = len(parsed)
    existing = _existing(list(seen), user)
    for row_no, values, bad in parsed:
        if bad:
            continue
        found = existing.get(values["uscc"])
        if found is None:
            plan.creates.append((row_no, values))
        elif found == "hidden":
            plan.error(row_no, HEADER_OF["uscc"], "该统一社会信用代码已由其他地区登记，不能在本辖区重复登记")
        else:
            changes = _changes(found, values)
            if changes or _record_changes(found, values):
                plan.updates.append((row_no, found["id"], changes, values))
            else:
                plan.unchanged += 1
    plan.errors.sort(key=lambda e: (e[0] or 0))
    _region_warnings(plan, parsed)
    progress(plan.total)
    return plan


@register
class EnterpriseImporter(Importer):
    name = "enterprises.ledger"
    job_kind = "enterprise_import"
    label = "企业导入"
    noun = "家"
    model = Enterprise
    resource_class = EnterpriseResource
    sheet = "企业"
    max_rows = 20000
    page_url_name = "enterprises:import_preview"

    def check_headers(self, headers):
        check_headers(headers)

    def validate(self, table, progress):
        return _validate(table, self.user, progress)

    def write(self, plan, progress):
        name = self.context.get("upload_name", "")
        return apply(plan, self.user, reason=f"Excel 导入（{name}）" if name else "Excel 导入", progress=progress)

    def preview(self, plan):
        from .services import plan_preview

        return plan_preview(plan)

    def template(self):
        return build_template(self.user)

    def validated_message(self, s):
        return (f"校验通过：共 {s['total']} 行，将新增 {s['creates']} 家、更新 {s['updates']} 家，"
                f"{s['unchanged']} 家无变化。请在预览页确认导入。")

    def invalid_message(self, s, errors):
        return f"共 {s['total']} 行，其中 {s['errors']} 行有错误，整批未导入。请按列出的原因修改后重新上传。"

    def changed_message(self, errors):
        return "确认前数据已发生变化，重新校验发现错误，整批未导入。"

    def applied_message(self, r):
        return f"导入完成：新增 {r['created']} 家，更新 {r['updated']} 家，{r['unchanged']} 家无变化。"

    def integrity_message(self):
        return "导入期间有相同统一社会信用代码的企业被他人登记，整批未导入，请重新上传检查。"


def _existing(codes, user):
    """uscc → current values (visible rows) or "hidden" (registered outside the user's area)."""
    found = {}
    visible = Enterprise.objects.visible_to(user)
    for start in range(0, len(codes), 5000):
        chunk = codes[start:start + 5000]
        for uscc in Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", flat=True):
            found[uscc] = "hidden"
        rows = visible.filter(uscc__in=chunk).values(
            "id", "uscc", "subject_id", "version", "name", "region_id", "park_id", "industry", "ownership",
            "employee_count", "has_union", "has_collective_contract", "contact_person", "contact_phone")
        by_subject = {}
        for row in rows:
            row["records"] = {}
            found[row["uscc"]] = row
            by_subject[row["subject_id"]] = row
        for subject_id, year, status in CreationRecord.objects.filter(subject_id__in=list(by_subject)) \
                .values_list("subject_id", "year", "status"):
            by_subject[subject_id]["records"][year] = status
    return found


def _changes(current, values):
    changes = {}
    for attr in ENTERPRISE_FIELDS:
        if attr not in values:
            continue
        new = values[attr]
        if attr == "region":
            old, new = current["region_id"], new[0]
        elif attr == "park":
            old = current["park_id"]
        else:
            old = current[attr]
        if old != new:
            changes[attr] = (old, new)
    return changes


def _record_changes(current, values):
    record = values.get("record")
    return record is not None and current["records"].get(record[0]) != record[1]


# ---------------------------------------------------------------- writing

def apply(plan, user, reason="Excel 导入", progress=None):
    """Write a clean plan in one transaction (bulk inserts/updates with history); returns counts."""
    assert plan.ok, "a plan with errors is never written"
    from .signals import enterprises_bulk_saved

    now = timezone.now()
    done = 0
    created_ids, updated_ids = [], []
    with transaction.atomic():
        # --- new enterprises: their subjects first (ids come back from PostgreSQL), then the rows
        creates = [values for _, values in plan.creates]
        for start in range(0, len(creates), BATCH):
            chunk = creates[start:start + BATCH]
            subjects = bulk.insert(Subject, [
                Subject(kind=Subject.Kind.ENTERPRISE, name=v["name"], region_id=v["region"][0],
                        park_id=v.get("park")) for v in chunk])
            enterprises = []
            records = []
            for subject, v in zip(subjects, chunk, strict=True):
                enterprises.append(Enterprise(
                    subject=subject, name=v["name"], uscc=v["uscc"], region_id=v["region"][0],
                    region_path=v["region"][1],
                    park_id=v.get("park"), industry=v["industry"], ownership=v.get("ownership", Ownership.PRIVATE),
                    employee_count=v.get("employee_count", 0), has_union=v.get("has_union", False),
                    has_collective_contract=v.get("has_collective_contract", False),
                    contact_person=v.get("contact_person", ""), contact_phone=v.get("contact_phone", ""),
                    version=1))
                if "record" in v:
                    records.append(_record(subject.pk, v["record"], user, now))
            bulk.insert_with_history(Enterprise, enterprises, user=user, reason=reason, date=now)
            created_ids.extend(e.pk for e in enterprises)
            if records:
                bulk.insert_with_history(CreationRecord, records, user=user, reason=reason, date=now)
            done += len(chunk)
            if progress:
                progress(done)
        # --- changed enterprises
        for start in range(0, len(plan.updates), BATCH):
            chunk = plan.updates[start:start + BATCH]
            ids = [enterprise_id for _, enterprise_id, _, _ in chunk]
            updated_ids.extend(ids)
            current = Enterprise.objects.select_for_update().in_bulk(ids)
            changed, fields, subjects, record_keys = [], set(), [], {}
            for _, enterprise_id, changes, values in chunk:
                obj = current[enterprise_id]
                if changes:
                    for attr, (_old, new) in changes.items():
                        setattr(obj, f"{attr}_id" if attr in ("region", "park") else attr, new)
                        fields.add(attr)
                    if "region" in changes:
                        obj.region_path = values["region"][1]
                        fields.add("region_path")
                    obj.version += 1
                    obj.updated_at = now
                    changed.append(obj)
                    if {"name", "region", "park"} & changes.keys():
                        subjects.append(Subject(pk=obj.subject_id, name=obj.name, region_id=obj.region_id,
                                                park_id=obj.park_id))
                if "record" in values:
                    record_keys[(obj.subject_id, values["record"][0])] = values["record"][1]
            if changed:
                bulk.update(Enterprise, changed, [*sorted(fields), "version", "updated_at"])
                bulk.insert_history(Enterprise, changed, update=True, user=user, reason=reason, date=now)
            if subjects:
                Subject.objects.bulk_update(subjects, ["name", "region", "park"], batch_size=500)
            _write_records(record_keys, user, now, reason)
            done += len(chunk)
            if progress:
                progress(done)
        enterprises_bulk_saved.send(sender=Enterprise, created_ids=created_ids, updated_ids=updated_ids)
    return {"created": len(plan.creates), "updated": len(plan.updates), "unchanged": plan.unchanged,
            "ids": created_ids + updated_ids}


def _record(subject_id, record, user, now):
    year, status = record
    return CreationRecord(subject_id=subject_id, year=year, status=status, updated_by=user,
                          started_on=None if status == CreationRecord.Status.NOT_STARTED else now.date())


def _write_records(record_keys, user, now, reason):
    if not record_keys:
        return
    subject_ids = {subject_id for subject_id, _ in record_keys}
    existing = {(r.subject_id, r.year): r for r in CreationRecord.objects.filter(subject_id__in=subject_ids)}
    to_update, to_create = [], []
    for (subject_id, year), status in record_keys.items():
        record = existing.get((subject_id, year))
        if record is None:
            to_create.append(_record(subject_id, (year, status), user, now))
        elif record.status != status and not record.is_derived:  # 达标/未达标/示范 are not the file's to change
            record.status = status
            record.updated_by = user
            if record.started_on is None and status != CreationRecord.Status.NOT_STARTED:
                record.started_on = now.date()
            to_update.append(record)
    if to_create:
        bulk.insert_with_history(CreationRecord, to_create, user=user, reason=reason, date=now)
    if to_update:
        for record in to_update:
            record.updated_at = now
        bulk.update(CreationRecord, to_update, ["status", "updated_by", "started_on", "updated_at"])
        bulk.insert_history(CreationRecord, to_update, update=True, user=user, reason=reason, date=now)


# ---------------------------------------------------------------- the template

def build_template(user):
    """The xlsx template: the 企业 sheet with Chinese headers, 填写说明, 区划代码 (the user's area), 代码表."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "企业"
    sheet.append([f"{header}*" if required else header for _, header, required in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE9E7")
    spreadsheets.set_widths(sheet, HEADERS, EnterpriseResource.Meta.widths)
    notes = book.create_sheet("填写说明")
    for line in INSTRUCTIONS:
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    codes = book.create_sheet("区划代码")
    codes.append(["区划代码", "名称", "全称", "层级"])
    for code, name, full_name, level in Region.objects.visible_to(user).filter(
            level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP]).values_list("code", "name", "full_name", "level"):
        codes.append([code, name, full_name, Region.Level(level).label])
    codes.column_dimensions["A"].width = 14
    codes.column_dimensions["C"].width = 40
    lists = book.create_sheet("代码表")
    lists.append(["行业门类", "经济类型", "创建状态", "所在园区"])
    parks = list(Park.objects.visible_to(user).values_list("name", flat=True).order_by("name"))
    statuses = EnterpriseResource.Meta.choices["创建状态"]
    rows = max(len(Industry.choices), len(Ownership.choices), len(parks))
    for i in range(rows):
        lists.append([
            Industry.choices[i][1] if i < len(Industry.choices) else None,
            Ownership.choices[i][1] if i < len(Ownership.choices) else None,
            statuses[i] if i < len(statuses) else None,
            parks[i] if i < len(parks) else None,
        ])
    for column in "ABCD":
        lists.column_dimensions[column].width = 36
    # drop-down lists in the cells: the choices, the user's region codes and parks
    region_codes = list(Region.objects.visible_to(user).filter(
        level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP]).order_by("code").values_list("code", flat=True))
    spreadsheets.add_drop_downs(book, sheet, HEADERS, {
        **EnterpriseResource.Meta.choices, "所在区划代码": region_codes, "所在园区": parks,
        "创建年度": [year for year, _ in CAMPAIGN_YEARS]})
    return spreadsheets.book_bytes(book)
