"""Inbound signals through the shared import engine: a batch of JSON rows (`apps.core.imports.json_table`), its
values parsed by the SignalResource's widgets as a ledger's cells are, is checked whole, then written in one
transaction (`imports.apply_rows`: validate → write → area re-check, as a confirmed upload), or not at all."""

from django.utils import timezone

from apps.core.imports import Importer, ImportPlan, register
from apps.enterprises.models import Enterprise

from .models import EnterpriseSignal
from .resources import SignalResource
from .services import alarm_of, raise_risks

USCC, DATE = (SignalResource.fields[name].column_name for name in ("uscc", "date"))


@register
class SignalImporter(Importer):
    name = "exchange.signals"
    job_kind = "signal_import"
    label = "风险信号报送"
    noun = "条"
    model = EnterpriseSignal
    resource_class = SignalResource
    uploads = False  # batches arrive as JSON rows through the API, never as a file
    max_rows = 10_000
    required_message = "必填"

    def validate(self, table, progress):
        """Each value parsed by the resource's widgets (an API error names its column apart: the message does
        not repeat it); then the day's bounds, one signal at least, one row per enterprise and day."""
        plan, today, parsed = ImportPlan(), timezone.localdate(), {}
        for number, values, errors in self.read_rows(table, progress):
            plan.total += 1
            for column, message in errors:
                plan.error(number, column, message.removeprefix(column))
            day, uscc = values.pop("date", None), values.pop("uscc", None)
            late = day and ("日期不能晚于今天" if day > today else "日期不能早于 2023 年（创建活动开始之年）"
                            if day.year < 2023 else "")
            if late:
                plan.error(number, DATE, late)
            if errors or late:
                continue
            if not values:
                plan.error(number, "", "至少填写一项信号（签订数、争议数、仲裁数或社保欠缴）")
            elif (uscc, day) in parsed:
                plan.error(number, USCC, f"与第 {parsed[uscc, day][0]} 行的企业和日期重复")
            else:
                parsed[uscc, day] = (number, values)
        self._match(plan, parsed)
        progress(plan.total, plan.total)
        return plan

    def _match(self, plan, parsed):
        """Every code must name an enterprise of the token's area (else one answer, whether it exists elsewhere or
        not at all: a token must not learn which codes exist outside its area); then diff against what is stored."""
        visible = dict(Enterprise.objects.visible_to(self.user).filter(uscc__in={u for u, _ in parsed})
                       .values_list("uscc", "pk"))
        for uscc, day in parsed:
            if uscc not in visible:
                plan.error(parsed[uscc, day][0], USCC,
                           f"企业台账中没有统一社会信用代码为 {uscc} 的企业，或该企业不在本令牌所属单位的辖区内")
        if not plan.ok:
            return
        existing = {(s.enterprise_id, s.date): s for s in EnterpriseSignal.objects.filter(
            enterprise_id__in=set(visible.values()), date__in={day for _, day in parsed})}
        source = getattr(self.user, "api_token", None)
        for (uscc, day), (number, values) in parsed.items():
            signal = existing.get((visible[uscc], day))
            if signal is None:
                signal = EnterpriseSignal(enterprise_id=visible[uscc], date=day, source=source, **values)
                plan.creates.append(signal)
            elif any(getattr(signal, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(signal, key, value)
                signal.source = source
                plan.updates.append(signal)
            else:
                plan.unchanged += 1
            signal.import_row = number

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
