"""The enterprise ledger's import: what a row means, checked set-wise, and its bulk write.

The engine (apps/core/imports.py) reads the file, keeps the job, claims the confirmation and re-checks the
area; the columns and each cell's parse come from the resource (apps.enterprises.resources). What is left
here is what needs the whole file: the regions and parks the rows name (read in a handful of queries, so
10,000 rows validate in about a second), the existing enterprises, the 创建台账 year. The write is bulk
inserts and `UPDATE … FROM (VALUES …)` (history rows included), not a save per row; a single bad row stops
the whole import (apps/core/imports.py) and each bad row is reported in Chinese with its row number and column.
"""

from django.db import transaction
from django.utils import timezone

from apps.core import bulk, widgets
from apps.core.imports import Importer, ImportPlan, register
from apps.core.uploads import UploadError
from apps.parks.models import Park
from apps.regions.models import Region

from .forms import park_problem
from .models import CreationRecord, Enterprise, Subject
from .resources import EnterpriseResource

BATCH = 2000
DECLARED = widgets.columns(EnterpriseResource)
# (attribute, header, required) of the template's columns, in order
COLUMNS = [(c.name, c.header, c.required) for c in DECLARED]
HEADERS = [c.header for c in DECLARED]
HEADER_OF = {c.name: c.header for c in DECLARED}
# columns an export adds for reading; an import of an exported file ignores them
INFO_HEADERS = ["所在区划名称", "更新时间"]


def stored_as_typed():
    """The declared columns whose parsed value is the model attribute itself (name, industry, counts, 是/否,
    a column added later…): compared with the stored row and written as they are. The region, the park
    (looked up) and the ledger year are not among them."""
    return [c.name for c in EnterpriseImporter.declared() if not c.readonly and c.path == c.name != "uscc"]


def check_headers(headers):
    declared = EnterpriseImporter.declared()
    known = {c.header for c in declared} | set(INFO_HEADERS)
    missing = [c.header for c in declared if c.required and c.header not in headers]
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

class _Lookups:
    """What the rows name, read from the database once for the whole file."""

    def __init__(self, user, codes, park_names):
        self.known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
        self.regions = {r.code: r for r in Region.objects.visible_to(user).filter(code__in=codes)}
        self.parks = {}
        for park in Park.objects.visible_to(user).filter(name__in=park_names).select_related(
                "region").prefetch_related("townships"):
            self.parks.setdefault(park.name, []).append(park)

    def region(self, code, errors):
        region = self.regions.get(code)
        if region is None:
            errors.append((HEADER_OF["region"], f"所在区划代码“{code}”不在您的管辖范围内" if code in self.known
                           else f"所在区划代码“{code}”不存在，请按“区划代码”工作表填写"))
        elif region.level not in (Region.Level.COUNTY, Region.Level.TOWNSHIP):
            errors.append((HEADER_OF["region"],
                           f"所在区划代码“{code}”是{region.full_name}，应填写县（市、区）或乡镇（街道）代码"))
        else:
            return region
        return None

    def park(self, name, region, errors):
        """The one park of this name the region may lie in (apps.enterprises.forms.park_problem)."""
        candidates = self.parks.get(name, [])
        if region is None and candidates:
            return candidates[0].pk
        if region is None:
            errors.append((HEADER_OF["park"], f"所在园区“{name}”不存在或不在所填区划内"))
            return None
        problems = [park_problem(park, region) for park in candidates]
        for park, problem in zip(candidates, problems, strict=True):
            if not problem:
                return park.pk
        located = [p for p, problem in zip(candidates, problems, strict=True) if region.path.startswith(p.region.path)]
        if located:
            errors.append((HEADER_OF["park"], f"所在园区“{name}”不在所填乡镇（街道）内："
                                              f"{park_problem(located[0], region)}"))
        else:
            errors.append((HEADER_OF["park"], f"所在园区“{name}”不存在或不在所填区划内"))
        return None


def _ledger_year(values, errors):
    """The 创建台账 year a row writes: (year, status), both or neither, never a derived status."""
    year, status = values.pop("year", None), values.pop("status", None)
    if year is None and status is None:
        return None
    if year is None or status is None:
        errors.append((HEADER_OF["year" if status else "status"], "创建年度与创建状态须同时填写"))
        return None
    if status in CreationRecord.DERIVED_FROM:
        # 达标/未达标 follow a concluded assessment, 示范 a title: never typed into a ledger
        hand_set = "、".join(CreationRecord.Status(v).label for v in CreationRecord.HAND_SET)
        errors.append((HEADER_OF["status"], f"创建状态不能导入为“{CreationRecord.Status(status).label}”："
                                            f"{CreationRecord.DERIVED_FROM[status]}请填写{hand_set}"))
        return None
    return (year, status)


def _region_warnings(plan, parsed):
    """A code whose registration area lies outside the row's county line: a warning only."""
    from . import uscc_region_mismatch

    for row_no, values, errors in parsed:
        if not errors and "uscc" in values and "region" in values:
            message = uscc_region_mismatch(values["uscc"], values["region"][4])
            if message:
                plan.warnings.append([row_no, HEADER_OF["uscc"], message])


def _validate(table, user, progress):
    headers, declared, plain = table.headers, EnterpriseImporter.declared(), stored_as_typed()
    parsed = []
    for row_no, cells in table.rows:
        errors = []
        values = widgets.parse_row(declared, dict(zip(headers, cells, strict=False)), errors)
        values["record"] = _ledger_year(values, errors)
        parsed.append((row_no, values, errors))
        if len(parsed) % 1000 == 0:
            progress(len(parsed))
    lookups = _Lookups(user, {v["region"] for _, v, _ in parsed if "region" in v},
                       {v["park"] for _, v, _ in parsed if "park" in v})
    plan = ImportPlan(total=len(parsed))
    seen = {}
    for row_no, values, errors in parsed:
        if values["record"] is None:
            del values["record"]
        region = lookups.region(values.pop("region"), errors) if "region" in values else None
        if region is not None:
            values["region"] = (region.pk, region.path, region.level, region.full_name, region.code)
        if "park" in values:
            park = lookups.park(values.pop("park"), region, errors)
            if park is not None:
                values["park"] = park
        uscc = values.get("uscc")
        if uscc:
            if uscc in seen:
                errors.append((HEADER_OF["uscc"], f"统一社会信用代码与第 {seen[uscc]} 行重复"))
            else:
                seen[uscc] = row_no
        for column, message in errors:
            plan.error(row_no, column, message)
    existing = _existing(list(seen), user, plain)
    for row_no, values, errors in parsed:
        if errors:
            continue
        found = existing.get(values["uscc"])
        if found is None:
            plan.creates.append((row_no, values))
        elif found == "hidden":
            plan.error(row_no, HEADER_OF["uscc"], "该统一社会信用代码已由其他地区登记，不能在本辖区重复登记")
        else:
            changes = _changes(found, values, plain)
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
    also_writes = ("enterprises.Subject", "enterprises.CreationRecord")
    resource_class = EnterpriseResource
    sheet = "企业"
    max_rows = 20000
    page_url_name = "enterprises:import_preview"
    template_notes = (
        "第一行为表头，请勿修改或删除；从第二行起每行一家企业。带 * 的列必填。",
        "更新已有企业时，留空的选填列保持原值不变。",
        "文件支持 .xlsx、.xls（Excel 97–2003、WPS）和 .csv（UTF-8 或 GBK），不超过 20 MB；任何一行有错误时整批不写入，"
        "请按预览页列出的原因修改后重新上传。",
    )

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

    def template_choices(self):
        self.codes = list(Region.objects.visible_to(self.user).filter(
            level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP]).order_by("code").values_list(
            "code", "name", "full_name", "level"))
        self.parks = list(Park.objects.visible_to(self.user).values_list("name", flat=True).order_by("name"))
        return {HEADER_OF["region"]: [code for code, *_ in self.codes], HEADER_OF["park"]: self.parks}

    def template_book(self):
        """The declared template, with the user's region codes (区划代码) and the 代码表 of choices and parks."""
        book = super().template_book()
        codes = book.create_sheet("区划代码")
        codes.append(["区划代码", "名称", "全称", "层级"])
        for code, name, full_name, level in self.codes:
            codes.append([code, name, full_name, Region.Level(level).label])
        codes.column_dimensions["A"].width = 14
        codes.column_dimensions["C"].width = 40
        listed = [c for c in DECLARED if c.header in ("行业门类", "经济类型", "创建状态")]
        lists = book.create_sheet("代码表")
        lists.append([c.header for c in listed] + [HEADER_OF["park"]])
        columns = [c.choices for c in listed] + [self.parks]
        for i in range(max(map(len, columns))):
            lists.append([column[i] if i < len(column) else None for column in columns])
        for column in "ABCD":
            lists.column_dimensions[column].width = 36
        return book

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


def _existing(codes, user, plain):
    """uscc → current values (visible rows) or "hidden" (registered outside the user's area)."""
    found = {}
    visible = Enterprise.objects.visible_to(user)
    for start in range(0, len(codes), 5000):
        chunk = codes[start:start + 5000]
        for uscc in Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", flat=True):
            found[uscc] = "hidden"
        rows = visible.filter(uscc__in=chunk).values("id", "uscc", "subject_id", "version", "region_id", "park_id",
                                                     *plain)
        by_subject = {}
        for row in rows:
            row["records"] = {}
            found[row["uscc"]] = row
            by_subject[row["subject_id"]] = row
        for subject_id, year, status in CreationRecord.objects.filter(subject_id__in=list(by_subject)) \
                .values_list("subject_id", "year", "status"):
            by_subject[subject_id]["records"][year] = status
    return found


def _changes(current, values, plain):
    changes = {}
    for attr in ["region", "park", *plain]:
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
    plain = stored_as_typed()
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
                    subject=subject, uscc=v["uscc"], region_id=v["region"][0], region_path=v["region"][1],
                    park_id=v.get("park"), version=1, **{attr: v[attr] for attr in plain if attr in v}))
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
