"""The one import engine: upload → check every row → preview → confirm → every row written, or none.

An app declares an `Importer` subclass (registered by name) saying what its rows mean:

    @register
    class EnterpriseImporter(Importer):
        name = "enterprises.ledger"          # the registry key, kept on the job
        job_kind = "enterprise_import"       # BackgroundJob.kind (a @job_kind of the job runner)
        label, noun = "企业导入", "家"
        model = Enterprise                   # the scoped model whose rows it writes
        resource_class = EnterpriseResource  # the columns, declared once (django-import-export)
        def validate(self, table, progress): ...   # set-wise: a few queries for the whole file → ImportPlan
        def write(self, plan, progress): ...       # bulk writes with history rows → {"ids": [...], ...}

The engine does the rest, the same way for every ledger:
- `accept_upload` in the web request: type, size, zip bomb and declared row count (apps/core/uploads.py),
  never a full parse of a large file; a small one is checked at once, a large one by a worker.
- the upload waits in media storage on a BackgroundJob of its owner (any web or worker node can read it);
- `confirm` claims the job atomically (`requeue_job`: of two clicks only one writes);
- a clean file's parsed rows replace the upload (`_keep_rows`): the write checks those rows again, against the
  database as it is then, without parsing the spreadsheet a second time; it runs in one transaction, re-checks
  every written row against the owner's area (`visible_to`) and rolls everything back if one is outside;
  progress is written on a side connection so that the polling page sees it although the transaction has not
  committed.
Job failures end as the job runner ends them (apps/core/jobs.py): failed, Chinese message, owner notified.
"""

import datetime
import json
import uuid
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.urls import reverse
from django.utils import timezone

from . import bulk, notifying, spreadsheets, uploads, widgets
from .jobs import JobFailed, job_kind, requeue_job, run_background_job, run_job
from .models import BackgroundJob
from .uploads import UploadError

PREVIEW_ROWS = 50
ROW_FORMAT = "第 {} 行"  # how a row of a file is named, on every import page and in every message
SYNC_APPLY_ROWS = 1000   # a confirmed import of more rows than this is written by a worker

IMPORTERS: dict[str, type["Importer"]] = {}
HIDDEN = "hidden"        # a key stored outside the user's area


@dataclass
class ImportPlan:
    """What a file would do: rows to create and update, and every problem (row, column, reason)."""

    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0
    total: int = 0
    errors: list = field(default_factory=list)     # [row number or None, column, reason in Chinese]
    warnings: list = field(default_factory=list)   # the same shape; shown, never blocking
    extra: dict = field(default_factory=dict)      # what an importer keeps for its write

    @property
    def ok(self):
        return not self.errors

    def error(self, row, column, message):
        self.errors.append([row, column, message])

    def summary(self):
        return {"total": self.total, "creates": len(self.creates), "updates": len(self.updates),
                "unchanged": self.unchanged, "errors": len({e[0] for e in self.errors}), "rows": self.total}


class OutsideArea(Exception):
    """Raised inside the write's transaction to roll it back: a written row is outside the owner's area."""


class Importer:
    name = ""
    job_kind = ""
    label = ""              # 企业导入 — the job's title starts with it
    noun = "条"             # the counted thing, in messages: 新增 3 {noun}
    model = None
    resource_class = None
    sheet = None            # the sheet to read when the workbook has it (else the first)
    max_rows = 20000
    page_url_name = ""      # the page of one import job (progress, preview, confirmation)
    upload_dir = ""         # under media/imports/ (default: the job kind)
    notify_in_background = True
    uploads = True          # False: rows arrive as JSON through the API (`apply_rows`), never as a file
    # every model ("app_label.Model") whose table a confirmed import writes, besides `model` itself: the figures
    # counting them are recomputed after the job, the others stay cached (apps/dashboards/apps.py)
    also_writes = ()
    row_format = ROW_FORMAT  # a ledger whose pages always spelled it otherwise (第3行) declares its spelling
    # the header row: `strict_headers` also refuses columns the template does not have (except `info_headers`,
    # which an export adds for reading) and a column given twice
    strict_headers = False
    info_headers = ()

    @classmethod
    def row(cls, number):
        """第 3 行: the row's name (apps.core.imports.row_label) in this ledger's spelling."""
        return row_label(number, cls.row_format)

    @classmethod
    def written_models(cls):
        return (*((cls.model._meta.label,) if cls.model is not None else ()), *cls.also_writes)

    def __init__(self, user, upload_name="", **context):
        self.user = user
        self.upload_name = upload_name
        self.context = context

    # ---- the columns, from the resource
    @classmethod
    def columns(cls):
        """[(header, required)] in the template's order, from the resource's fields."""
        return resource_columns(cls.resource_class)

    @classmethod
    def headers(cls):
        return [header for header, _ in cls.columns()]

    def check_headers(self, headers):
        missing = [h for h, required in self.columns() if required and h not in headers]
        if not self.strict_headers:
            if missing:
                raise UploadError("表头缺少列：" + "、".join(missing) + "。请使用导入模板。")
            return
        known = set(self.headers()) | set(self.info_headers)
        problems = [f"{what}：" + "、".join(found) for what, found in (
            ("缺少必填列", missing), ("无法识别的列", [h for h in headers if h and h not in known]),
            ("重复的列", sorted({h for h in headers if h and headers.count(h) > 1}))) if found]
        if problems:
            raise UploadError("表头不符合模板（" + "；".join(problems) + "）。请下载最新模板，按模板表头填写。")

    # ---- the rows, read by the declaration
    required_message = "缺少必填项“{}”"  # an empty required cell
    cell_message = "{header}{reason}"     # a refused cell: the column named in front of the reason
    model_validators = False              # also run the model fields' own validators on each parsed cell

    def read_rows(self, table, progress, every=1000):
        """[(row number, {column name: value}, [(header, message)])]: each cell parsed by its declared column
        (apps.core.widgets.parse_row), then each lookup column (a widget with `lookup(values, user)`: a
        region by its code, a park by its name, enterprises by their codes, inside the user's area) resolved
        for the whole file in one query, each row's value replaced by what it names, or a message."""
        columns, headers, parsed = self.declared(), table.headers, []
        checks = self._validators(columns) if self.model_validators else {}
        for number, cells in table.rows:
            errors = []
            values = widgets.parse_row(columns, dict(zip(headers, cells, strict=False)), errors,
                                       required_message=self.required_message, said=self.cell_message)
            for name, (header, check) in checks.items():
                if name in values:
                    try:
                        check(values[name])
                    except ValidationError as exc:
                        reason = exc.messages[0]
                        errors.append((header, reason if reason.startswith(header)
                                       else self.cell_message.format(header=header, reason=reason)))
            parsed.append((number, values, errors))
            if len(parsed) % every == 0:
                progress(len(parsed))
        for column in columns:
            if not hasattr(column.widget, "lookup"):
                continue
            find = column.widget.lookup({v[column.name] for _, v, _ in parsed if column.name in v}, self.user)
            for _number, values, errors in parsed:
                if column.name in values:
                    try:
                        values[column.name] = find(values[column.name], values)
                    except ValueError as exc:
                        errors.append((column.header, str(exc)))
                        del values[column.name]
        return parsed

    def _validators(self, columns):
        fields = {f.name: f for f in self.model._meta.concrete_fields}
        return {c.name: (c.header, fields[c.name].run_validators) for c in columns
                if c.name in fields and fields[c.name].validators}

    def once(self, parsed, name, message, key=None):
        """A row repeating an earlier row's `name` (统一社会信用代码, 身份证号) — or `key(values)`, e.g. a
        region and a name — is refused under the column `name`: `message` names the first row ({row}).
        Returns {value: first row number}."""
        header, seen = self.header_of(name), {}
        for number, values, errors in parsed:
            value = key(values) if key else values.get(name)
            if value in seen:
                errors.append((header, message.format(row=self.row(seen[value]))))
            elif value:
                seen[value] = number
        return seen

    # ---- a keyed ledger: a row updates the stored row of the same key (统一社会信用代码), else adds one
    key = None              # the column (a unique model field) that finds the stored row

    @classmethod
    def model_columns(cls):
        """The declared columns that are the model's own fields (a looked-up row as its foreign key), written
        as they are parsed: a column added to the resource is compared and written with no other code."""
        fields = {f.name: f for f in cls.model._meta.concrete_fields}
        return [(c.name, fields[c.name].attname) for c in cls.declared() if c.name in fields]

    def instance(self, values, *but, **extra):
        """A new model object of a row's parsed values (its declared model fields, but `but`) and `extra`."""
        if "_fields" not in self.__dict__:  # read from the declaration once per import, not once per row
            self._fields = [name for name, _ in self.model_columns()]
        return self.model(**{name: values[name] for name in self._fields if name in values and name not in but},
                          **extra)

    def current_rows(self, rows):
        """Add what the app compares besides the declared columns to the stored rows (values() dicts)."""

    def keyed_plan(self, parsed, hidden_message, extra=(), changed=None):
        """The plan of a keyed ledger's parsed rows: every problem, each clean row a create (row, values) or an
        update (row, pk, {name: (old, new)}, values) of the stored row the user sees; a key stored outside the
        user's area is refused with `hidden_message`. `changed(current, values)` says whether a row changes
        something besides the declared columns."""
        plan = ImportPlan(total=len(parsed))
        columns = [(n, a) for n, a in self.model_columns() if n != self.key]
        keys = list({values[self.key] for _, values, errors in parsed if not errors and self.key in values})
        stored = self.stored_rows(keys, ["id", *extra, *(a for _, a in columns)])
        key_header = self.header_of(self.key)
        for number, values, errors in parsed:
            for header, message in errors:
                plan.error(number, header, message)
            if errors:
                continue
            current = stored.get(values[self.key])
            if current is None:
                plan.creates.append((number, values))
            elif current is HIDDEN:
                plan.error(number, key_header, hidden_message)
            else:
                changes = {name: (current[attname], new) for name, attname in columns if name in values
                           and current[attname] != (new := getattr(values[name], "pk", values[name]))}
                if changes or (changed and changed(current, values)):
                    plan.updates.append((number, current["id"], changes, values))
                else:
                    plan.unchanged += 1
        plan.errors.sort(key=lambda e: (e[0] or 0))
        return plan

    def stored_rows(self, keys, fields, chunk=5000):
        """key → the stored row (values of `fields`) the user sees, or HIDDEN: stored outside the user's area."""
        found, objects = {}, self.model.objects
        for start in range(0, len(keys), chunk):
            part = {f"{self.key}__in": keys[start:start + chunk]}
            found.update(dict.fromkeys(objects.filter(**part).values_list(self.key, flat=True), HIDDEN))
            rows = list(objects.visible_to(self.user).filter(**part).values(self.key, *fields))
            self.current_rows(rows)
            found.update((row[self.key], row) for row in rows)
        return found

    @classmethod
    def header_of(cls, name):
        return next(c.header for c in cls.declared() if c.name == name)

    def write_keyed(self, plan, progress, *, reason, date, batch=2000, before_insert=None, after_update=None):
        """Write a keyed plan: the new rows inserted, the changed ones updated (version + 1), every one with its
        history row, in batches. `before_insert(objects, chunk)` completes new objects (a row they need first);
        `after_update([(object, changes, values)])` follows changed ones and returns further fields it set. `self.written` lists
        (object, values) of every written row; `self.created_ids`, `self.updated_ids` their ids."""
        columns, done, self.written = self.model_columns(), 0, []
        created, updated = [], []
        for start in range(0, len(plan.creates), batch):
            chunk = [values for _, values in plan.creates[start:start + batch]]
            objects = [self.instance(values, version=1) for values in chunk]
            if before_insert:
                before_insert(objects, chunk)
            bulk.insert_with_history(self.model, objects, user=self.user, reason=reason, date=date)
            created += [obj.pk for obj in objects]
            self.written += zip(objects, chunk, strict=True)
            progress(done := done + len(chunk))
        attnames = dict(columns)
        for start in range(0, len(plan.updates), batch):
            chunk = plan.updates[start:start + batch]
            current = self.model.objects.select_for_update().in_bulk([pk for _, pk, _, _ in chunk])
            changed, fields = [], set()
            for _, pk, changes, values in chunk:
                obj = current[pk]
                self.written.append((obj, values))
                if changes:
                    for name, (_old, new) in changes.items():
                        setattr(obj, attnames[name], new)
                        fields.add(name)
                    obj.version, obj.updated_at = obj.version + 1, date
                    changed.append((obj, changes, values))
            if changed:
                fields.update(after_update(changed) if after_update else ())
                objects = [obj for obj, _, _ in changed]
                bulk.update(self.model, objects, [*sorted(fields), "version", "updated_at"])
                bulk.insert_history(self.model, objects, update=True, user=self.user, reason=reason, date=date)
            updated += list(current)
            progress(done := done + len(chunk))
        self.created_ids, self.updated_ids = created, updated
        return {"created": len(plan.creates), "updated": len(plan.updates), "unchanged": plan.unchanged,
                "ids": created + updated}

    # ---- what each app says
    def validate(self, table, progress):
        raise NotImplementedError

    def write(self, plan, progress):
        """Write a clean plan (inside the engine's transaction); return {"ids": written pks, …counts}."""
        raise NotImplementedError

    def preview(self, plan):
        """What the preview page shows besides the errors, as JSON-able params."""
        return {}

    # ---- the template, from the resource
    template_notes = ()     # lines of 填写说明 about the file as a whole, after the columns' own help
    template_sheet = ""     # the template's sheet (default: `sheet`)
    mark_required = True    # required headers marked * in the template (the reader drops the mark)

    @classmethod
    def declared(cls):
        """The resource's columns (apps.core.widgets.Column): header, attribute, widget, required, choices…"""
        return widgets.columns(cls.resource_class)

    def template_choices(self):
        """Drop-down lists that depend on the user: {header: [values]}, from each column whose widget offers
        `template_values(user)` (the codes of their area, their parks) → (values, a sheet listing them)."""
        choices, self.listed_sheets = {}, []
        for column in self.declared():
            if hasattr(column.widget, "template_values"):
                values, sheet = column.widget.template_values(self.user)
                if values:
                    choices[column.header] = values
                if sheet:
                    self.listed_sheets.append(sheet)
        return choices

    def template_book(self):
        """The template as an openpyxl workbook: the declared headers (required ones marked *), widths,
        drop-down lists, and 填写说明 (each column's help, then `template_notes`). An importer may add sheets."""
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill

        columns = self.declared()
        headers = [c.header for c in columns]
        book = Workbook()
        sheet = book.active
        sheet.title = self.template_sheet or self.sheet or "Sheet1"
        sheet.append([f"{c.header}*" if c.required and self.mark_required else c.header for c in columns])
        for cell, column in zip(sheet[1], columns, strict=True):
            cell.font = Font(bold=True)
            if column.required:
                cell.fill = PatternFill("solid", fgColor="FDE9E7")
        example = getattr(self.resource_class.Meta, "example", {})  # {header: value}: a row under the headers
        if example:
            sheet.append([example.get(h, "") for h in headers])
        spreadsheets.set_widths(sheet, headers, {c.header: c.width for c in columns if c.width})
        notes = book.create_sheet("填写说明")
        notes.append(["列", "说明"])
        for column in columns:
            said = ["必填" if column.required else "选填", column.help]
            if column.choices and len(column.choices) <= 30:
                said.append("可选：" + "、".join(map(str, column.choices)))
            notes.append([column.header, "；".join(part for part in said if part)])
        for line in self.template_notes:
            notes.append(["", line])
        notes.column_dimensions["A"].width = 18
        notes.column_dimensions["B"].width = 100
        choices = {c.header: c.choices for c in columns if c.choices} | self.template_choices()
        spreadsheets.add_drop_downs(book, sheet, headers, choices)
        for title, head, rows, widths in [*getattr(self, "listed_sheets", ()), *self.template_sheets()]:
            extra = book.create_sheet(title)
            extra.append(head)
            for row in rows:
                extra.append(row)
            spreadsheets.set_widths(extra, head, widths)
        if self.code_sheet:  # the values of the listed columns side by side, for reading
            lists = [choices.get(header, []) for header in self.code_sheet]
            codes = book.create_sheet("代码表")
            codes.append(list(self.code_sheet))
            for i in range(max(map(len, lists))):
                codes.append([values[i] if i < len(values) else None for values in lists])
            spreadsheets.set_widths(codes, list(self.code_sheet), {}, default=36)
        return book

    code_sheet = ()         # headers whose values (declared, or the user's) the template's 代码表 lists

    def template_sheets(self):
        """Further sheets of the template, after template_choices: [(title, header row, rows, {header: width})]."""
        return []

    def template(self):
        """The xlsx template (bytes)."""
        return spreadsheets.book_bytes(self.template_book())

    def template_filename(self):
        return f"{self.label}模板.xlsx"

    def result_summary(self, result):
        """What job.params["result"] keeps of the write's counts."""
        return result

    # ---- what the job says, in the ledger's words: {creates} {updates} {unchanged} {total} {rows} of the
    # summary, {created} {updated} of the write, {problems} (how many), {noun}, {title}
    validated_text = "检查通过：将新增 {creates:,} {noun}，更新 {updates:,} {noun}。请核对预览后确认导入。"
    invalid_text = "文件有 {problems} 处问题，未导入任何数据。请修改后重新上传。"
    applied_text = "导入完成：新增 {created} {noun}，更新 {updated} {noun}。"
    changed_text = "确认前数据已发生变化，重新检查发现问题，未导入任何数据。请修改后重新上传。"
    integrity_text = "导入期间有相同的{record}记录被他人录入，本次未导入任何数据，请重新上传检查。"
    title = ""

    def said(self, text, counts, errors=()):
        return text.format(**counts, problems=len(errors), noun=self.noun, title=self.title)

    def validated_message(self, summary):
        return self.said(self.validated_text, summary)

    def invalid_message(self, summary, errors):
        return self.said(self.invalid_text, summary, errors)

    def applied_message(self, result):
        return self.said(self.applied_text, result)

    def changed_message(self, errors):
        return self.said(self.changed_text, {}, errors)

    def integrity_message(self):
        return self.said(self.integrity_text, {"record": self.noun.lstrip("个家条名")})

    def job_title(self, upload_name):
        return f"{self.label}：{upload_name}"[:200]


class ObjectImporter(Importer):
    """An importer whose rows become model objects (parks, stations, the coordinators' ledger, trainings,
    attendance lists): the rows read by the declaration (`read_rows`); with `key_fields` (the columns that name a
    stored row: a park's region and name) the stored objects of the file's keys are found in one query
    (`self.stored`); `check(parsed, plan)` puts each clean row's object — `new_row(values)`, a new one or a
    stored one changed — in plan.creates or plan.updates, its own rules (`row_errors`) refusing it; the preview
    shows the columns the resource's Meta.preview names; the write inserts the new objects and updates the
    changed ones (COPY, `UPDATE … FROM (VALUES …)`), each with its history row."""

    key_fields = ()         # the declared columns (names) whose values find the stored object a row updates
    unwritten = ()          # declared model columns an update never writes (besides the read-only ones)
    history = True
    batch = 2000
    preview_headers = ()    # an importer with its own `preview_row` names its columns here

    def validate(self, table, progress):
        parsed = self.read_rows(table, progress, every=500)
        plan = ImportPlan(total=len(parsed))
        progress(plan.total, plan.total)
        self.stored = self.stored_objects(parsed)
        self.check(parsed, plan)
        for number, _values, errors in parsed:
            for header, message in errors:
                plan.error(number, header, message)
        return plan

    def key_of(self, values):
        """The row's key (the values of `key_fields`, a looked-up row by its pk), or None when one is missing."""
        key = tuple(getattr(values.get(name), "pk", values.get(name)) for name in self.key_fields)
        return None if None in key else key

    def stored_objects(self, parsed):
        """{key: the stored object of that key the user sees} for the file's keys, in one query."""
        keys = {self.key_of(values) for _, values, _ in parsed} - {None}
        if not self.key_fields or not keys:
            return {}
        attributes = {c.name: c.attribute for c in self.declared()}
        fields = [self.model._meta.get_field(attributes[name]) for name in self.key_fields]
        found = self.model.objects.visible_to(self.user).filter(
            **{f"{f.name}__in": {key[i] for key in keys} for i, f in enumerate(fields)}).select_related(
            *(f.name for f in fields if f.is_relation))
        return {tuple(getattr(obj, f.attname) for f in fields): obj for obj in found}

    def check(self, parsed, plan):
        """The rows' meaning beyond their cells, for the whole file (an app adds its rules to each row's
        errors, then calls this): each clean row's object, new or stored, unless `row_errors` refuses it."""
        for number, values, errors in parsed:
            if not errors:
                obj = self.new_row(values)
                errors.extend(self.row_errors(obj))
                if not errors:
                    obj.import_row = number
                    (plan.updates if obj.pk else plan.creates).append(obj)

    def new_row(self, values):
        return self.instance(values)

    def row_errors(self, obj):
        """The object's own rules: [(header, message)]."""
        return []

    @cached_property
    def updated_fields(self):
        """The model fields an update writes: the declared model columns, but the read-only and `unwritten`."""
        fields = {f.name for f in self.model._meta.concrete_fields}
        return [c.name for c in self.declared() if not c.readonly and c.name in fields and c.name not in self.unwritten]

    def preview_row(self, obj):
        """The row's preview columns (Meta.preview), each as the preview shows it: a found row by its name, a
        value by its widget (a 身份证号 masked)."""
        columns = {c.name: c for c in self.declared()}
        cells = []
        for column in (columns[name] for name in self.resource_class.Meta.preview):
            value = obj
            for part in column.attribute.split("__"):
                value = getattr(value, part, None)
            cells.append(str(value) if hasattr(value, "_meta") else "" if value is None else column.render(value))
        return cells

    def preview(self, plan):
        columns = {c.name: c.header for c in self.declared()}
        headers = self.preview_headers or [columns[name] for name in self.resource_class.Meta.preview]
        rows = sorted(plan.creates + plan.updates, key=lambda obj: obj.import_row)[:PREVIEW_ROWS]
        return {"preview_headers": list(headers),
                "preview": [[obj.import_row, [str(c) for c in self.preview_row(obj)], bool(obj.pk)] for obj in rows]}

    def created(self, objects):
        """Rows that come with new objects (inside the write's transaction)."""

    def write(self, plan, progress):
        reason = f"Excel 导入（{self.upload_name}）" if self.upload_name else "Excel 导入"
        done, ids, now = 0, [], timezone.now()
        for start in range(0, len(plan.creates), self.batch):
            chunk = plan.creates[start:start + self.batch]
            if self.history:
                bulk.insert_with_history(self.model, chunk, user=self.user, reason=reason, date=now)
            else:
                self.model.objects.bulk_create(chunk)
            self.created(chunk)
            ids += [obj.pk for obj in chunk]
            progress(done := done + len(chunk))
        fields = self.updated_fields
        stamped = any(f.name == "updated_at" for f in self.model._meta.concrete_fields)
        for start in range(0, len(plan.updates), self.batch):
            chunk = plan.updates[start:start + self.batch]
            for obj in chunk if stamped else ():
                obj.updated_at = now
            bulk.update(self.model, chunk, fields + ["updated_at"] * stamped)
            bulk.insert_history(self.model, chunk, update=True, user=self.user, reason=reason, date=now)
            ids += [obj.pk for obj in chunk]
            progress(done := done + len(chunk))
        return {"created": len(plan.creates), "updated": len(plan.updates), "ids": ids}


def row_label(number, row_format=ROW_FORMAT):
    """The one function that names a row of an uploaded file (the pages' row column, "与第 2 行重复")."""
    return row_format.format(number)


def resource_columns(resource_class):
    """[(header, required)] of a resource, in its declared order (apps.core.widgets.columns)."""
    return [(column.header, column.required) for column in widgets.columns(resource_class)]


def register(cls):
    """Class decorator: the importer is known to the engine (and to the contract tests) by its name."""
    if cls.name in IMPORTERS and IMPORTERS[cls.name] is not cls:
        raise RuntimeError(f"importer {cls.name!r} registered twice")
    IMPORTERS[cls.name] = cls
    if cls.job_kind not in _KINDS:
        _KINDS.add(cls.job_kind)
        job_kind(cls.job_kind, cls.label, notify_done=False)(run_import)
    return cls


_KINDS = set()


def importer_of(job):
    cls = IMPORTERS.get(job.params.get("importer"))
    if cls is None:
        raise JobFailed("该类型的导入已不再支持，请重新上传。")
    return cls(job.owner, upload_name=job.params.get("upload_name", ""), **job.params.get("context", {}))


# ---------------------------------------------------------------- in the web request

def accept_upload(importer_cls, user, upload, *, context=None):
    """Check the upload cheaply, store it and open its job; a small file is checked at once.

    Raises UploadError (the form shows it) for a file that must be refused. Returns the job: its stage is
    "validated", "invalid" or "rejected" when checked here, "validating" when a worker checks it.
    """
    data = upload.read()
    inspection = uploads.inspect(data, upload.name, importer_cls.max_rows, sheet=importer_cls.sheet)
    if inspection.small:
        # read the header here, so that a wrong file is told on the upload page itself
        importer = importer_cls(user, **(context or {}))
        table = uploads.read_table(data, upload.name, max_rows=importer_cls.max_rows, sheet=importer_cls.sheet)
        importer.check_headers(table.headers)
        if next(table.rows, None) is None:
            raise UploadError("文件只有表头，没有数据行。")
    folder = importer_cls.upload_dir or importer_cls.job_kind
    path = default_storage.save(f"imports/{folder}/{uuid.uuid4().hex}.{inspection.kind}",
                                ContentFile(data))
    job = BackgroundJob.objects.create(
        owner=user, kind=importer_cls.job_kind, title=importer_cls(user).job_title(upload.name),
        total=inspection.rows or 0,
        params={"importer": importer_cls.name, "context": context or {}, "source": path,
                "upload_name": upload.name, "stage": "validating", "token": uuid.uuid4().hex,
                "background": not inspection.small})
    if importer_cls.page_url_name:
        job.params["next_url"] = reverse(importer_cls.page_url_name, args=[job.pk])
        job.save(update_fields=["params"])
    if inspection.small:
        run_job(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: run_background_job.delay(job.pk))
    return job


def confirm(job):
    """Claim a checked import for writing; False when it was not waiting for confirmation (a second click).

    A small import is written at once; a large one by a worker, its page showing the progress.
    """
    if job.params.get("stage") != "validated" or job.status != BackgroundJob.Status.DONE:
        return False
    background = job.params.get("summary", {}).get("rows", 0) > SYNC_APPLY_ROWS
    if not requeue_job(job, stage="applying", background=background):
        return False
    if not background:
        run_job(job.pk)
    job.refresh_from_db()
    return True


def job_for_token(user, job_kind_name, token):
    """The user's own checked, not yet written import behind this token (None if used up or unknown)."""
    if not token or len(token) > 64:
        return None
    return BackgroundJob.objects.visible_to(user).filter(
        kind=job_kind_name, params__token=token, params__stage="validated").first()


# ---------------------------------------------------------------- in the job

def run_import(job):
    """The job function of every importer: check the file (stage validating) or write it (applying)."""
    importer = importer_of(job)
    if job.params.get("stage") == "applying":
        message = _apply(job, importer)
        what = "导入完成"
    else:
        message = _validate(job, importer)
        what = "检查完成"
    if job.params.get("background", True) and importer.notify_in_background:
        _notify(job, importer, what, message)
    return message


def _source(job):
    path = job.params.get("source")
    if not path or not default_storage.exists(path):
        raise JobFailed("导入文件已失效，请重新上传。")
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def _drop_source(job):
    if job.params.get("source"):
        default_storage.delete(job.params["source"])


# ---- the rows of a checked file, kept between the preview and the confirmation

def _encode_cell(value):
    """A cell JSON cannot hold as it is: tagged, so that it reads back as the same type."""
    for tag, kind in (("dt", datetime.datetime), ("d", datetime.date), ("t", datetime.time)):
        if isinstance(value, kind):
            return {tag: value.isoformat()}
    return {"s": str(value)}  # anything else a reader may give (Decimal): the text the importer would read


_DECODE = {"dt": datetime.datetime.fromisoformat, "d": datetime.date.fromisoformat,
           "t": datetime.time.fromisoformat, "s": str}


def _decode_cell(tagged):
    ((tag, text),) = tagged.items()
    return _DECODE[tag](text)


def _recording(table):
    """The table, keeping every row the importer reads, and the list they are kept in."""
    kept = []

    def rows():
        for row in table.rows:
            kept.append(row)
            yield row
    return uploads.Table(table.headers, rows()), kept


def _keep_rows(job, headers, rows):
    """A clean file's parsed rows replace the upload: the confirmation checks them again (the database or the
    owner's area may have changed meanwhile) without parsing the spreadsheet a second time."""
    path = default_storage.save(f"{job.params['source']}.rows.json", ContentFile(
        json.dumps([headers, rows], ensure_ascii=False, default=_encode_cell).encode()))
    _drop_source(job)
    job.params.update(source=path, parsed=True)


def _table(job, importer):
    data = _source(job)
    if job.params.get("parsed"):
        headers, rows = json.loads(data, object_hook=_decode_cell)  # [headers, rows]: the only dicts are cells
        return uploads.Table(headers, iter(rows))
    return uploads.read_table(data, job.params["upload_name"], max_rows=importer.max_rows, sheet=importer.sheet)


def _check(job, importer, progress=True, kept=None):
    """Check the job's file (or its kept rows); `kept`, a list, receives every row read."""
    try:
        table = _table(job, importer)
        if kept is not None:
            table, read = _recording(table)
            kept.append((table.headers, read))
        importer.check_headers(table.headers)
        report = (lambda done, total=None: job.update_progress(done, total)) if progress else (lambda *a: None)
        plan = importer.validate(table, report)
    except UploadError as exc:  # the file as a whole: listed like a bad row, for the whole file
        plan = ImportPlan()
        plan.error(None, "", str(exc))
        return plan
    if plan.total == 0 and plan.ok:
        plan.error(None, "", "文件只有表头，没有数据行。")
    return plan


def _save_plan(job, importer, plan):
    summary = plan.summary()
    job.params.update(importer.preview(plan))
    job.params.update(summary=summary, errors=plan.errors, warnings=plan.warnings[:1000],
                      rows=summary["rows"], creates=summary["creates"], updates=summary["updates"])
    job.progress = job.total = summary["rows"]
    return summary


def _stage(job, stage):
    job.params["stage"] = stage
    BackgroundJob.objects.filter(pk=job.pk).update(params=job.params, progress=job.progress, total=job.total)


def _validate(job, importer):
    kept = []
    plan = _check(job, importer, kept=kept)
    summary = _save_plan(job, importer, plan)
    if plan.ok:
        _keep_rows(job, *kept[0])
        _stage(job, "validated")
        return importer.validated_message(summary)
    _drop_source(job)  # a file with errors is never written: nothing to keep
    _stage(job, "invalid")
    return importer.invalid_message(summary, plan.errors)


class _SideProgress:
    """Progress written on a connection of its own: the write's transaction is not committed until the end,
    yet the page polling the job must see how far it got."""

    def __init__(self, job):
        self.job = job
        self.connection = None

    def __call__(self, done, total=None):
        if not self.job.params.get("background", True):
            return  # written in the request: nobody is polling
        if self.connection is None:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.connection.cursor() as cursor:
            cursor.execute(f'UPDATE "{BackgroundJob._meta.db_table}" SET progress = %s WHERE id = %s',
                           [done, self.job.pk])

    def close(self):
        if self.connection is not None:
            self.connection.close()


def _apply(job, importer):
    """Check the rows again (the data or the owner's area may have changed) and write every row, or none."""
    job.progress = 0
    plan = _check(job, importer, progress=False)
    if not plan.ok:
        _save_plan(job, importer, plan)
        _drop_source(job)
        _stage(job, "invalid")
        return importer.changed_message(plan.errors)
    total = len(plan.creates) + len(plan.updates)
    job.update_progress(0, total=total)
    progress = _SideProgress(job)
    try:
        with transaction.atomic():
            result = importer.write(plan, progress)
            ids = result.pop("ids", [])
            outside = set(ids) - set(importer.model.objects.visible_to(job.owner).filter(pk__in=ids)
                                     .values_list("pk", flat=True)) if ids else set()
            if outside:
                raise OutsideArea(len(outside))
    except IntegrityError:  # the same row was entered meanwhile: nothing was written
        job.params["errors"] = [[None, "", importer.integrity_message()]]
        _drop_source(job)
        _stage(job, "invalid")
        return importer.invalid_message(plan.summary(), job.params["errors"])
    except OutsideArea as exc:
        job.params["errors"] = [[None, "", f"有 {exc.args[0]} 条写入后的记录不在您的管辖区域内，本次未导入任何数据。"]]
        _drop_source(job)
        _stage(job, "invalid")
        return importer.invalid_message(plan.summary(), job.params["errors"])
    finally:
        progress.close()
    _drop_source(job)
    result.setdefault("created", len(plan.creates))
    result.setdefault("updated", len(plan.updates))
    result.setdefault("unchanged", plan.unchanged)
    job.params["result"] = importer.result_summary(result)
    job.params.update(created=result["created"], updated=result["updated"])
    job.progress = job.total = total
    _stage(job, "applied")
    return importer.applied_message(result)


def _notify(job, importer, what, message):
    """The user may have left the page: the result also reaches the notification centre."""
    notifying.notify([job.owner], f"{job.title}（{what}）"[:200], body=message, url=job.params.get("next_url", ""),
           level="danger" if job.params.get("stage") == "invalid" else "info", email=False)


# ---------------------------------------------------------------- rows that arrive without a file (an API batch)

def apply_rows(importer, table):
    """Check a whole table and, if every row is clean, write it at once in one transaction, re-checking the
    written rows against the user's area as a confirmed upload does. Returns (plan, result); result is None
    when the plan has errors (nothing was written) or when the area re-check or an integrity error rolled
    the write back (the reason is then in plan.errors)."""
    plan = importer.validate(table, lambda *a: None)
    if plan.total == 0 and plan.ok:
        plan.error(None, "", "批次中没有数据行。")
    if not plan.ok:
        return plan, None
    try:
        with transaction.atomic():
            result = importer.write(plan, lambda *a: None)
            ids = result.pop("ids", [])
            inside = set(importer.model.objects.visible_to(importer.user).filter(pk__in=ids)
                         .values_list("pk", flat=True)) if ids else set()
            if set(ids) - inside:
                raise OutsideArea(len(set(ids) - inside))
    except IntegrityError:
        plan.error(None, "", importer.integrity_message())
        return plan, None
    except OutsideArea as exc:
        plan.error(None, "", f"有 {exc.args[0]} 条写入后的记录不在您的管辖区域内，本次未写入任何数据。")
        return plan, None
    result.setdefault("created", len(plan.creates))
    result.setdefault("updated", len(plan.updates))
    result.setdefault("unchanged", plan.unchanged)
    return plan, result


def json_table(resource_class, rows):
    """JSON rows keyed by the resource's field names as the engine's Table of its headers (row numbers are the
    rows' places in the batch, from 1): an API batch is parsed by the same widgets as a file."""
    declared = widgets.columns(resource_class)
    return uploads.Table([c.header for c in declared], (
        (number, [row.get(c.name) if isinstance(row, dict) else None for c in declared])
        for number, row in enumerate(rows, start=1)))


def api_schema(resource_class, name):
    """The API's schema of one row (pydantic), from the resource: a key per column, its type from the widget,
    its description from Meta.help, required as Meta.required. Values are still checked by the widgets (a
    refused value is a row's error in Chinese, not a schema error)."""
    from pydantic import Field, create_model

    fields = {}
    for column in widgets.columns(resource_class):
        kind = (int if isinstance(column.widget, widgets.CountWidget)
                else bool if isinstance(column.widget, widgets.YesNoWidget) else str)
        length = {"max_length": getattr(column.widget, "max_length", None) or 40} if kind is str else {}
        description = column.help or column.header
        fields[column.name] = ((kind, Field(description=description, **length)) if column.required
                               else (kind | None, Field(None, description=description, **length)))
    return create_model(name, **fields)
