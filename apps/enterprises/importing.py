"""The enterprise ledger's import: what a row means beyond its cells, and its bulk write.

The engine (apps/core/imports.py) reads the file, parses each cell by the resource's declaration
(apps.enterprises.resources: the region and the park are found there for the whole file, by the rules shared
with the form), refuses a 统一社会信用代码 given twice, finds the existing rows and what a row would change. Left
here: the 创建台账 year a row writes, a code registered outside the user's area, and the write (bulk inserts and
`UPDATE … FROM (VALUES …)` with their history rows, the enterprise's subject beside it).
"""

from django.utils import timezone

from apps.core import bulk
from apps.core.imports import Importer, register

from . import uscc_region_mismatch
from .models import CreationRecord, Enterprise, Subject
from .resources import EnterpriseResource


def ledger_year(values, errors):
    """The 创建台账 year a row writes: (year, status), both or neither, never a derived status."""
    year, status = values.pop("year", None), values.pop("status", None)
    if year is None and status is None:
        return
    if year is None or status is None:
        errors.append(("创建状态" if year else "创建年度", "创建年度与创建状态须同时填写"))
    elif status in CreationRecord.DERIVED_FROM:  # 达标/未达标 follow an assessment, 示范 a title
        hand_set = "、".join(CreationRecord.Status(v).label for v in CreationRecord.HAND_SET)
        errors.append(("创建状态", f"创建状态不能导入为“{CreationRecord.Status(status).label}”："
                                   f"{CreationRecord.DERIVED_FROM[status]}请填写{hand_set}"))
    else:
        values["record"] = (year, status)


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
    key = "uscc"
    strict_headers = True
    info_headers = ("所在区划名称", "更新时间")  # what an export adds for reading
    code_sheet = ("行业门类", "经济类型", "创建状态", "所在园区")  # the template's 代码表
    template_notes = (
        "第一行为表头，请勿修改或删除；从第二行起每行一家企业。带 * 的列必填。",
        "更新已有企业时，留空的选填列保持原值不变。",
        "文件支持 .xlsx、.xls（Excel 97–2003、WPS）和 .csv（UTF-8 或 GBK），不超过 20 MB；任何一行有错误时整批不写入，"
        "请按预览页列出的原因修改后重新上传。",
    )

    def validate(self, table, progress):
        parsed = self.read_rows(table, progress)
        for _number, values, errors in parsed:
            ledger_year(values, errors)
        self.once(parsed, "uscc", "统一社会信用代码与{row}重复")
        plan = self.keyed_plan(parsed, "该统一社会信用代码已由其他地区登记，不能在本辖区重复登记",
                               extra=("subject_id",), changed=self.record_changed)
        for number, values, errors in parsed:
            message = not errors and "region" in values and uscc_region_mismatch(values["uscc"], values["region"].code)
            if message:
                plan.warnings.append([number, "统一社会信用代码", message])
        progress(plan.total)
        return plan

    def current_rows(self, rows):
        """The stored rows, each with its 创建台账 records ({year: status})."""
        by_subject = {row["subject_id"]: row for row in rows}
        for row in rows:
            row["records"] = {}
        for subject_id, year, status in CreationRecord.objects.filter(subject_id__in=list(by_subject)) \
                .values_list("subject_id", "year", "status"):
            by_subject[subject_id]["records"][year] = status

    @staticmethod
    def record_changed(current, values):
        record = values.get("record")
        return record is not None and current["records"].get(record[0]) != record[1]

    def write(self, plan, progress):
        from .signals import enterprises_bulk_saved

        name = self.context.get("upload_name", "")
        reason, now = f"Excel 导入（{name}）" if name else "Excel 导入", timezone.now()
        result = self.write_keyed(plan, progress, reason=reason, date=now, before_insert=self.subjects,
                                  after_update=self.changed_subjects)
        records = {(obj.subject_id, values["record"][0]): values["record"][1]
                   for obj, values in self.written if "record" in values}
        write_records(records, self.user, now, reason)
        enterprises_bulk_saved.send(sender=Enterprise, created_ids=self.created_ids, updated_ids=self.updated_ids)
        return result

    def subjects(self, objects, chunk):
        """A new enterprise's subject first (its id comes back from PostgreSQL)."""
        subjects = bulk.insert(Subject, [Subject(kind=Subject.Kind.ENTERPRISE, name=obj.name, region_id=obj.region_id,
                                                 park_id=obj.park_id) for obj in objects])
        for obj, subject in zip(objects, subjects, strict=True):
            obj.subject, obj.region_path = subject, obj.region.path

    def changed_subjects(self, changed):
        """A moved enterprise keeps its region's path; a renamed or moved one, its subject."""
        for obj, changes, values in changed:
            if "region" in changes:
                obj.region_path = values["region"].path
        Subject.objects.bulk_update([Subject(pk=o.subject_id, name=o.name, region_id=o.region_id, park_id=o.park_id)
                                     for o, changes, _ in changed if {"name", "region", "park"} & changes.keys()],
                                    ["name", "region", "park"], batch_size=500)
        return ["region_path"] if any("region" in changes for _, changes, _ in changed) else []

    def preview(self, plan):
        from .services import plan_preview

        return plan_preview(plan)

    validated_text = "校验通过：共 {total} 行，将新增 {creates} 家、更新 {updates} 家，{unchanged} 家无变化。请在预览页确认导入。"
    invalid_text = "共 {total} 行，其中 {errors} 行有错误，整批未导入。请按列出的原因修改后重新上传。"
    changed_text = "确认前数据已发生变化，重新校验发现错误，整批未导入。"
    applied_text = "导入完成：新增 {created} 家，更新 {updated} 家，{unchanged} 家无变化。"
    integrity_text = "导入期间有相同统一社会信用代码的企业被他人登记，整批未导入，请重新上传检查。"


HEADERS = EnterpriseImporter.headers()


def _record(subject_id, year, status, user, now):
    return CreationRecord(subject_id=subject_id, year=year, status=status, updated_by=user,
                          started_on=None if status == CreationRecord.Status.NOT_STARTED else now.date())


def write_records(record_keys, user, now, reason):
    """{(subject, year): status} → the 创建台账 rows: new ones inserted, changed ones updated (a derived
    status — 达标/未达标/示范 — is not the file's to change), each with its history row."""
    existing = {(r.subject_id, r.year): r for r in CreationRecord.objects.filter(
        subject_id__in={subject_id for subject_id, _ in record_keys})} if record_keys else {}
    to_update, to_create = [], []
    for (subject_id, year), status in record_keys.items():
        record = existing.get((subject_id, year))
        if record is None:
            to_create.append(_record(subject_id, year, status, user, now))
        elif record.status != status and not record.is_derived:
            record.status, record.updated_by, record.updated_at = status, user, now
            if record.started_on is None and status != CreationRecord.Status.NOT_STARTED:
                record.started_on = now.date()
            to_update.append(record)
    if to_create:
        bulk.insert_with_history(CreationRecord, to_create, user=user, reason=reason, date=now)
    if to_update:
        bulk.update(CreationRecord, to_update, ["status", "updated_by", "started_on", "updated_at"])
        bulk.insert_history(CreationRecord, to_update, update=True, user=user, reason=reason, date=now)
