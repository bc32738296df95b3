"""Inbound signals through the shared import engine: a batch is checked whole, then written in one
transaction, or not at all. A batch arrives as JSON rows, not as a file; `imports.apply_rows` runs the
same validate → write → area re-check as a confirmed upload."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core import widgets
from apps.core.imports import Importer, ImportPlan, register
from apps.core.ledger import json_table
from apps.enterprises.models import Enterprise

from .models import EnterpriseSignal
from .resources import SignalResource

MAX_BATCH_ROWS = 10_000


def table_of(rows):
    """A batch's JSON rows as the engine's Table (row numbers are the rows' places in the batch, from 1)."""
    return json_table(SignalResource, rows)


@register
class SignalImporter(Importer):
    name = "exchange.signals"
    job_kind = "signal_import"
    label = "风险信号报送"
    noun = "条"
    model = EnterpriseSignal
    resource_class = SignalResource
    uploads = False  # batches arrive as JSON rows through the API, never as a file
    max_rows = MAX_BATCH_ROWS

    def validate(self, table, progress):
        """Each value parsed by the resource's widgets (an API error names its column apart: the message does
        not repeat it); then the day's bounds, one signal at least, one row per enterprise and day."""
        plan = ImportPlan()
        today = timezone.localdate()
        parsed, seen = [], {}
        day_column = SignalResource.fields["date"].column_name
        for number, values, errors in widgets.parse_rows(self.declared(), table.dicts(table.headers), "必填"):
            plan.total += 1
            for column, message in errors:
                plan.error(number, column, message.removeprefix(column))
            day, uscc = values.pop("date", None), values.pop("uscc", None)
            late = day and ("日期不能晚于今天" if day > today else "日期不能早于 2023 年（创建活动开始之年）"
                            if day.year < 2023 else "")
            if late:
                plan.error(number, day_column, late)
            if errors or late:
                continue
            if not values:
                plan.error(number, "", "至少填写一项信号（签订数、争议数、仲裁数或社保欠缴）")
            elif (uscc, day) in seen:
                plan.error(number, SignalResource.fields["uscc"].column_name, f"与第 {seen[uscc, day]} 行的企业和日期重复")
            else:
                seen[uscc, day] = number
                parsed.append((number, uscc, day, values))
        self._match(plan, parsed)
        progress(plan.total, plan.total)
        return plan

    def _match(self, plan, parsed):
        """Every code must name an enterprise of the token's area (else one answer, whether it exists elsewhere or
        not at all); then diff against what is stored."""
        codes = {uscc for _, uscc, _, _ in parsed}
        visible = dict(Enterprise.objects.visible_to(self.user).filter(uscc__in=codes).values_list("uscc", "pk"))
        rows = []
        for number, uscc, day, values in parsed:
            if uscc in visible:
                rows.append((number, visible[uscc], day, values))
            else:
                # one answer for an unknown code and another area's enterprise: a token must not learn which
                # codes exist outside its area
                plan.error(number, SignalResource.fields["uscc"].column_name,
                           f"企业台账中没有统一社会信用代码为 {uscc} 的企业，或该企业不在本令牌所属单位的辖区内")
        if not plan.ok:
            return
        existing = {(s.enterprise_id, s.date): s for s in EnterpriseSignal.objects.filter(
            enterprise_id__in={e for _, e, _, _ in rows}, date__in={d for _, _, d, _ in rows})}
        source = getattr(self.user, "api_token", None)
        for number, enterprise_id, day, values in rows:
            signal = existing.get((enterprise_id, day))
            if signal is None:
                signal = EnterpriseSignal(enterprise_id=enterprise_id, date=day, source=source, **values)
                signal.import_row = number
                plan.creates.append(signal)
                continue
            changed = {k: v for k, v in values.items() if v is not None and getattr(signal, k) != v}
            if not changed:
                plan.unchanged += 1
                continue
            for key, value in changed.items():
                setattr(signal, key, value)
            signal.source = source
            signal.import_row = number
            plan.updates.append(signal)

    def write(self, plan, progress):
        EnterpriseSignal.objects.bulk_create(plan.creates, batch_size=2000)
        now = timezone.now()
        for signal in plan.updates:
            signal.updated_at = now
        EnterpriseSignal.objects.bulk_update(plan.updates, [*EnterpriseSignal.VALUE_FIELDS, "source", "updated_at"],
                                             batch_size=1000)
        touched = plan.creates + plan.updates
        progress(len(touched))
        opened = raise_risks([s for s in touched if s.risk_report_id is None and alarm_of(s)], self.user)
        return {"ids": [s.pk for s in touched], "risks_opened": opened}


def thresholds():
    return {"disputes": 3, "arbitrations": 2, "insurance_arrears": True, **getattr(settings, "EXCHANGE_SIGNAL_THRESHOLDS", {})}


def alarm_of(signal):
    """(category, people affected, what crossed which threshold) when a signal calls for a risk report."""
    limits = thresholds()
    if signal.disputes is not None and signal.disputes >= limits["disputes"]:
        return "collective_dispute", signal.disputes, f"劳动争议案件 {signal.disputes} 件（阈值 {limits['disputes']} 件）"
    if signal.arbitrations is not None and signal.arbitrations >= limits["arbitrations"]:
        return ("collective_dispute", signal.arbitrations,
                f"劳动人事争议仲裁案件 {signal.arbitrations} 件（阈值 {limits['arbitrations']} 件）")
    if limits["insurance_arrears"] and signal.insurance_arrears:
        return "social_insurance", None, "社会保险费欠缴"
    return None


def raise_risks(signals, account):
    """Open one risk report per alarming signal, in the enterprise's county, through the risk workflow."""
    if not signals:
        return 0
    enterprises = Enterprise.objects.in_bulk({s.enterprise_id for s in signals})
    for signal in signals:
        signal.risk_report = open_risk_report(enterprises[signal.enterprise_id], signal, account)
    EnterpriseSignal.objects.bulk_update(signals, ["risk_report"])
    return len(signals)


def open_risk_report(enterprise, signal, account):
    """The one call into the risk workflow (apps.coordinators): a report filed as its form would file it."""
    from apps.coordinators.forms import RiskReportForm
    from apps.coordinators.services import file_risk_report

    category, people, reason = alarm_of(signal)
    platform = account.api_token.holder if hasattr(account, "api_token") else str(account)
    form = RiskReportForm(data={
        "enterprise": enterprise.pk, "category": category, "severity": "general",
        "people_affected": people or max(enterprise.employee_count, 1), "amount": "0",
        "description": f"{platform}报送：{signal.date:%Y-%m-%d} {reason}，超过预警阈值，系统自动生成风险预警。",
        "actions_taken": ""})
    if not form.is_valid():  # the signal was checked against the same rules; a failure here is a bug
        raise ValueError(form.errors.as_text())
    with transaction.atomic():
        return file_risk_report(form, account)
