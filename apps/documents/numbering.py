"""The one 文号 allocator: 代字〔年份〕序号号 (GB/T 9704-2012 7.2.2), unique per issuing body and year across every
document kind. A form proposes ``next_free``; ``claim`` takes a typed number (refused with a Chinese message
when it is malformed or taken); ``allocate`` takes the next free one. The database's unique constraints decide
a race: the loser gets the message, nothing is half-saved."""

import re

from django.db import IntegrityError, transaction
from django.db.models import Max

from apps.core.workflow import WorkflowError

from .models import IssuedNumber

PATTERN = re.compile(r"^(?P<prefix>[^\s〔〕]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d{0,4})号$")


def format_number(prefix, year, serial):
    return f"{prefix}〔{year}〕{serial}号"


def parse(doc_number):
    """(代字, year, serial) of a well-formed 文号, else a WorkflowError naming the expected form."""
    match = PATTERN.match((doc_number or "").strip())
    if not match:
        raise WorkflowError(f"文号“{doc_number}”格式不正确，应为“代字〔年份〕序号号”，如：鄂劳三方〔2026〕5号"
                            "（年份写全，使用六角括号，序号不编虚位、不加“第”字）。")
    return match["prefix"], int(match["year"]), int(match["serial"])


def next_free(prefix, year):
    top = IssuedNumber.objects.filter(prefix=prefix, year=year).aggregate(m=Max("serial"))["m"] or 0
    return format_number(prefix, year, top + 1)


def check(doc_number, owner=""):
    """The typed 文号, normalised, if it is well formed and free (or already this record's); else WorkflowError."""
    prefix, year, serial = parse(doc_number)
    doc_number = format_number(prefix, year, serial)
    taken = IssuedNumber.objects.filter(prefix=prefix, year=year, serial=serial).first()
    if taken and not (owner and taken.owner == owner):
        raise WorkflowError(f"文号 {doc_number} 已被“{taken.title or taken.kind or '其他文书'}”使用，"
                            f"下一个可用文号为 {next_free(prefix, year)}。")
    return doc_number, bool(taken)


def claim(doc_number, *, kind="", title="", owner="", region=None, user=None):
    """Take a typed 文号; the same record taking its own number again is fine (an edit, the old one released)."""
    doc_number, own = check(doc_number, owner)
    if own:
        return doc_number
    prefix, year, serial = parse(doc_number)
    if owner:
        IssuedNumber.objects.filter(owner=owner).delete()
    try:
        with transaction.atomic():
            IssuedNumber.objects.create(prefix=prefix, year=year, serial=serial, doc_number=doc_number, kind=kind,
                                        title=title[:200], owner=owner, region=region, created_by=user)
    except IntegrityError:
        raise WorkflowError(f"文号 {doc_number} 刚被他人使用，下一个可用文号为 {next_free(prefix, year)}。") from None
    return doc_number


def allocate(region, prefix, year, *, kind="", title="", owner="", user=None):
    """Take the next free 文号 of the body and year (retrying when another request took it first)."""
    return allocate_many(region, prefix, year, [(title, owner)], kind=kind, user=user)[0]


def allocate_many(region, prefix, year, entries, *, kind="", user=None):
    """Take consecutive free 文号 of the body and year, one per (title, owner) in ``entries`` — a batch of letters
    numbered in one insert, all or none (retrying when another request took a number in the range first)."""
    entries = list(entries)
    if not entries:
        return []
    for _ in range(20):
        top = IssuedNumber.objects.filter(prefix=prefix, year=year).aggregate(m=Max("serial"))["m"] or 0
        rows = [IssuedNumber(prefix=prefix, year=year, serial=top + i, doc_number=format_number(prefix, year, top + i),
                             kind=kind, title=(title or "")[:200], owner=owner or "", region=region, created_by=user)
                for i, (title, owner) in enumerate(entries, 1)]
        try:
            with transaction.atomic():
                IssuedNumber.objects.bulk_create(rows)
            return [row.doc_number for row in rows]
        except IntegrityError:
            continue
    raise WorkflowError("取文号的人过多，请稍后重试。")


def proposal(region):
    """The next free 文号 of the office's own 代字 (the one it used last; 鄂劳三方 for the province)."""
    from django.utils import timezone

    last = IssuedNumber.objects.filter(region=region).order_by("-created_at").first() if region else None
    prefix = last.prefix if last else ("鄂劳三方" if region is not None and region.level == "province" else "")
    return next_free(prefix, timezone.localdate().year) if prefix else ""


def release(owner):
    """A draft deleted before it was issued gives its number back."""
    IssuedNumber.objects.filter(owner=owner).delete()
