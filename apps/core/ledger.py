"""A ledger whose rows are model objects (parks, stations): each cell parsed by its Resource's widget, the rows
checked set-wise by the app, written in bulk with history rows, and previewed by the Resource's columns.

An app's importer says only what is its own:

    @register
    class ParkImporter(LedgerImporter):
        resource_class = ParkResource          # the columns; Meta.preview names the preview's columns
        unwritten = ("region_code",)           # declared columns an update never writes (the row's key)
        def prepare(self, parsed): ...         # a few queries for the whole file
        def row(self, number, values, said, clean): ...   # the object to create or update, or None;
                                                          # the row's problems appended to `said`
        def created(self, objs): ...           # what a new row brings with it (optional)
"""

from functools import cached_property

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from . import bulk, widgets
from .cells import column_of
from .imports import PREVIEW_ROWS, Importer, ImportPlan
from .uploads import Table


class LedgerImporter(Importer):
    reason = "Excel 导入"   # the history rows' change reason
    batch = 500
    unwritten = ()          # declared columns an update does not write (besides the read-only ones)
    duplicate = ""          # the message of a row repeating an earlier row's key: "与第 {} 行重复：…"

    @property
    def template_example(self):
        """The template's example row: the resource's Meta.example {header: value}."""
        return getattr(self.resource_class.Meta, "example", {})

    # ---- what the app says
    def prepare(self, parsed):
        """The set-wise queries for the whole file ([(row number, values, errors)])."""

    def row(self, number, values, said, clean):
        """The object this row creates (no pk) or updates, or None; `clean` is False when a cell was refused."""
        raise NotImplementedError

    def created(self, objs):
        """Rows that come with new objects (inside the write's transaction)."""

    # ---- the engine's side
    def validate(self, table, progress):
        declared = self.declared()
        headers = [c.header for c in declared]
        parsed = widgets.parse_rows(declared, list(table.dicts(self.headers())))
        plan = ImportPlan(total=len(parsed))
        progress(0, len(parsed))
        self.seen = {}
        self.prepare(parsed)
        for done, (number, values, errors) in enumerate(parsed, start=1):
            if done % 500 == 0:
                progress(done)
            said = []
            obj = self.row(number, values, said, not errors)
            for column, message in errors + [(column_of(message, headers), message) for message in said]:
                plan.error(number, column, message)
            if obj is not None and not errors and not said:
                obj.import_row = number
                (plan.updates if obj.pk else plan.creates).append(obj)
        return plan

    def once(self, key, number, said):
        """The row's key (e.g. its region and name) may come once in a file."""
        if key in self.seen:
            said.append(self.duplicate.format(self.seen[key]))
        else:
            self.seen[key] = number

    @cached_property
    def written(self):
        """The model fields an update writes: the declared columns, but the read-only and `unwritten` ones."""
        return [c.name for c in self.declared() if not c.readonly and c.name not in self.unwritten]

    def write(self, plan, progress):
        model, done, ids = self.model, 0, []
        for start in range(0, len(plan.creates), self.batch):
            chunk = bulk.insert_with_history(model, plan.creates[start:start + self.batch], user=self.user,
                                             reason=self.reason)
            self.created(chunk)
            ids.extend(obj.pk for obj in chunk)
            done += len(chunk)
            progress(done)
        fields = self.written
        stamped = any(f.name == "updated_at" for f in model._meta.concrete_fields)
        now = timezone.now()
        for start in range(0, len(plan.updates), self.batch):
            chunk = plan.updates[start:start + self.batch]
            if stamped:
                for obj in chunk:
                    obj.updated_at = now
            bulk_update_with_history(chunk, model, fields + ["updated_at"] * stamped, batch_size=self.batch,
                                     default_user=self.user, default_change_reason=self.reason)
            ids.extend(obj.pk for obj in chunk)
            done += len(chunk)
            progress(done)
        return {"created": len(plan.creates), "updated": len(plan.updates), "ids": ids}

    def preview(self, plan):
        """The first rows, in the columns the Resource's Meta.preview names, each cell written by its widget."""
        resource = self.resource_class()
        names = self.resource_class.Meta.preview
        columns = {c.name: c for c in self.declared()}
        rows = sorted(plan.creates + plan.updates, key=lambda obj: obj.import_row)[:PREVIEW_ROWS]
        return {"preview_headers": [columns[name].header for name in names],
                "preview": [[obj.import_row, [str(columns[name].render(resource.fields[name].get_value(obj)))
                                              for name in names], bool(obj.pk)] for obj in rows]}

    def integrity_message(self):
        return f"导入期间有同名{self.noun.removeprefix('个')}被他人录入，本次未导入任何数据，请重新上传检查。"


# ---------------------------------------------------------------- rows that arrive as JSON (an API batch)

def json_table(resource_class, rows):
    """JSON rows keyed by the resource's field names as the engine's Table of its headers (row numbers are the
    rows' places in the batch, from 1): an API batch is parsed by the same widgets as a file."""
    declared = widgets.columns(resource_class)
    return Table([c.header for c in declared], (
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
