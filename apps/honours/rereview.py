"""The daily re-review sweep: reminders 90 and 30 days before a title reaches three years, and a ReReview
opened on the day it does — to the unit's accounts and its county office (in-app, e-mail, PDF letter).

Idempotent and safe under two runs at once: each reminder row is claimed by one INSERT … ON CONFLICT DO
NOTHING RETURNING before anything is sent, so a title gets each reminder exactly once whatever the number
of runs (as ENGINEERING.md asks: store due dates, sweep daily, claim the row before sending). Works in bulk:
a handful of queries per 1,000 reminders, the letters rendered afterwards by the document jobs; a title
reaching three years goes to 复核中 through the title workflow's system step `review` (a few queries each).
"""

import datetime
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from apps.core.policy import users_with
from apps.documents.models import GeneratedDocument, Notification
from apps.documents.official import chinese_date, issuing_bodies

from .models import DemonstrationTitle, ReReview, TitleReminder

K = TitleReminder.Kind
WINDOWS = ((K.D90, 90, 30), (K.D30, 30, 0))  # (kind, from N days before, until M days before)


def claim(kind, pairs):
    """Insert the reminder rows that do not exist yet; returns the title ids this run owns."""
    if not pairs:
        return set()
    title_ids = [t for t, _ in pairs]
    dues = [d for _, d in pairs]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TitleReminder._meta.db_table} (title_id, kind, due_on, sent_at) "
            "SELECT t, %s, d, now() FROM unnest(%s::bigint[], %s::date[]) AS u(t, d) "
            "ON CONFLICT (title_id, kind, due_on) DO NOTHING RETURNING title_id",
            [kind, title_ids, dues])
        return {row[0] for row in cursor.fetchall()}


def county_path(region_path):
    parts = [p for p in region_path.split("/") if p]
    return "/".join(parts[:3]) + "/" if len(parts) >= 3 else "/".join(parts) + "/"


def recipients_for(titles):
    """Per title: the unit's accounts and the staff of its county office (its city office in 省直管 units)."""
    from apps.accounts.models import User

    subject_ids = {t.subject_id for t in titles}
    by_subject = defaultdict(list)
    for user in User.objects.filter(is_active=True, enterprise__subject__in=subject_ids).select_related(
            "enterprise"):
        by_subject[user.enterprise.subject_id].append(user)
    paths = {county_path(t.region.path) for t in titles}
    by_office = defaultdict(list)
    for user in users_with("honours.view_rereview", path=paths).select_related(
            "office__region"):
        by_office[user.office.region.path].append(user)
    return {t.pk: by_subject[t.subject_id] + by_office[county_path(t.region.path)] for t in titles}


def letter_context(title, kind, today, doc_number):
    days = (title.valid_until - today).days
    when = (f"将于{chinese_date(title.valid_until)}命名满三年" if days > 0
            else f"已于{chinese_date(title.valid_until)}命名满三年")
    return {
        "title": f"关于开展{title.subject}示范称号复核的通知" if kind == K.DUE else f"示范称号复核提醒函（{title.subject}）",
        "issuers": issuing_bodies_cached(), "doc_number": doc_number,
        "addressee": f"{title.subject}、{title.region.full_name}协调劳动关系三方委员会",
        "paragraphs": [
            f"贵单位于{chinese_date(title.valid_from)}被命名为“湖北省和谐劳动关系创建{title.get_kind_display()}”"
            f"（证书编号 {title.certificate_number}），{when}。",
            "根据《湖北省推进新时代和谐劳动关系创建活动工作方案》（鄂人社发〔2023〕21号），命名满三年的单位须接受复核。"
            "请按照评价指标体系完成评估，并在平台“示范创建 › 复核”中提交复核评估；县级三方办做好指导。"
            "逾期未提交或复核不合格的，撤销命名。",
        ],
        "date_text": chinese_date(today),
    }


_bodies = {}


def issuing_bodies_cached():
    if "42" not in _bodies:
        from apps.regions.models import Region

        _bodies["42"] = issuing_bodies(Region.objects.get(code="42"))
    return _bodies["42"]


def send(kind, titles, today, owner=None):
    """Notify, e-mail and queue a PDF letter for each claimed title, in bulk. Each letter takes its 文号 from the
    one register (鄂劳三方〔年份〕N号, consecutive for the batch), owned by its reminder row."""
    from apps.documents.numbering import allocate_many
    from apps.regions.models import Region

    from .services import PROVINCE_DOC_PREFIX

    if not titles:
        return 0
    province = Region.objects.get(code="42")
    people = recipients_for(titles)
    label = TitleReminder.Kind(kind).label
    reminders = {(r.title_id, r.due_on): r.pk for r in TitleReminder.objects.filter(kind=kind, title__in=titles)}
    numbers = allocate_many(province, PROVINCE_DOC_PREFIX, today.year,
                            [(f"{title.subject}{label}", f"honours.reminder:{reminders[title.pk, title.valid_until]}")
                             for title in titles], kind="honour-rereview-letter", user=owner)
    docs = GeneratedDocument.objects.bulk_create([
        GeneratedDocument(title=f"{title.subject}{label}", template_name="documents/official_notice.html",
                          context=letter_context(title, kind, today, number), region=title.region or province,
                          created_by=owner, kind="honour-rereview-letter", subject=title.subject, doc_number=number)
        for title, number in zip(titles, numbers, strict=True)])
    notes = []
    for title, doc in zip(titles, docs, strict=True):
        for user in {u.pk: u for u in people[title.pk]}.values():
            notes.append(Notification(recipient=user, title=f"{title.subject}：{label}",
                                      body=f"示范称号{chinese_date(title.valid_until)}满三年，请按时提交复核评估。",
                                      url=f"/documents/{doc.pk}/download/", level="warning"))
    notes = Notification.objects.bulk_create(notes, batch_size=1000)
    for title, doc in zip(titles, docs, strict=True):
        TitleReminder.objects.filter(title=title, kind=kind, due_on=title.valid_until).update(letter=doc)
    doc_ids = [d.pk for d in docs]
    mail_ids = [n.pk for n in notes if n.recipient.email]

    def queue():
        from apps.documents.tasks import render_document, send_notification_emails

        for pk in doc_ids:
            render_document.delay(pk)
        if mail_ids:
            send_notification_emails.delay(mail_ids)

    transaction.on_commit(queue)
    return len(titles)


def run(today=None):
    """One daily sweep. Returns what it did, e.g. {"d90": 12, "d30": 3, "opened": 2}."""
    today = today or timezone.localdate()
    done = {}
    held = DemonstrationTitle.objects.filter(status=DemonstrationTitle.Status.VALID)
    with transaction.atomic():
        for kind, start, end in WINDOWS:
            due = held.filter(valid_until__gt=today + datetime.timedelta(days=end),
                              valid_until__lte=today + datetime.timedelta(days=start))
            pairs = list(due.values_list("pk", "valid_until"))
            owned = claim(kind, pairs)
            titles = list(due.filter(pk__in=owned).select_related("subject", "region"))
            done[kind.value] = send(kind, titles, today)
        # titles that have reached three years: open the re-review and tell the unit and its county
        reached = held.filter(valid_until__lte=today)
        owned = claim(K.DUE, list(reached.values_list("pk", "valid_until")))
        titles = list(reached.filter(pk__in=owned).select_related("subject", "region"))
        bulk_create_with_history([ReReview(title=t, region_id=t.region_id, due_on=t.valid_until) for t in titles],
                                 ReReview, batch_size=500,
                                 default_change_reason="命名满三年，启动复核")
        from .workflow import TitleWorkflow

        for t in titles:  # the title workflow's system step: history (user 系统) with its reason
            TitleWorkflow.perform_system(t, "review", reason=f"复核日期 {t.valid_until:%Y-%m-%d}")
        done[K.DUE.value] = send(K.DUE, titles, today)
    return done
