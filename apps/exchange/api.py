# ruff: noqa: B008 - django-ninja declares query parameters as Query(...) defaults
"""The read API and the signal inbox for sister platforms (django-ninja), under /api/v1/.

Every call carries `Authorization: Bearer <令牌>`. The token acts through its office's service account, so
each endpoint reads `Model.objects.visible_to(token.account)`: the token sees its office's area, nothing else.
Lists are cursor-paginated on the primary key (`cursor` from the previous page's `next_cursor`), so every
page costs one bounded, indexed query whatever the table's size.
"""

import base64
import binascii
import datetime
import functools
import inspect
import json
import logging
import time
from typing import Generic, TypeVar

from django.apps import apps as django_apps
from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer
from pydantic import BaseModel

from apps.core.imports import api_schema, apply_rows, json_table
from apps.core.masking import mask_id_number, mask_phone
from apps.regions.models import Region

from .models import ApiCall, ApiToken, EnterpriseSignal, digest_of
from .resources import SignalResource

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
TEXT = {"max_length": 100, "pattern": r"^[^\x00]*$"}
CODE = {"pattern": r"^([0-9]{2,12})?$", "description": "区划代码（统计用区划代码），只列出该区划内的行"}
WORD = {"max_length": 30, "pattern": r"^[A-Za-z_]*$"}
CURSOR = {"max_length": 40, "pattern": r"^[A-Za-z0-9_=-]*$", "description": "上一页返回的 next_cursor"}
LIMIT = {"ge": 1, "le": MAX_LIMIT, "description": f"每页行数，1–{MAX_LIMIT}"}


class TokenAuth(HttpBearer):
    """A bearer token that exists, is not revoked and has not expired; anything else is a 401."""

    def authenticate(self, request, token):
        if not token or len(token) > 200 or "\x00" in token:
            return None
        found = (ApiToken.objects.select_related("account__office__region", "office__region", "platform")
                 .filter(digest=digest_of(token)).first())
        if found is None or found.revoked_at is not None or found.expires_at <= timezone.now():
            return None
        if not found.account.is_active:
            return None
        return found


api = NinjaAPI(title="湖北省和谐劳动关系创建管理平台 · 数据交换接口", version="1", urls_namespace="api",
               description="供三方成员单位和兄弟平台（电子劳动合同平台、劳动争议调解仲裁平台等）读取其辖区数据、"
                           "报送企业风险信号。每次调用须带 `Authorization: Bearer <令牌>`；令牌由三方办管理员在"
                           "“系统管理 › 接口令牌”签发。列表按 `next_cursor` 翻页。",
               auth=TokenAuth(), docs_url=None, openapi_url="/openapi.json")


# Outputs are plain pydantic models: ninja's Schema reads each attribute through its Django getter, which
# costs ~0.2 ms per row (a 1,000-row page spent most of its time there); our rows are already dicts.


class Problem(Schema):
    detail: str


class RowError(Schema):
    row: int | None = Field(None, description="批次中的行号，从 1 起；空表示整个批次")
    column: str
    message: str


class BatchProblem(Schema):
    detail: str
    errors: list[RowError]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="下一页的游标；为空表示已是最后一页")


class BadRequest(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    where = "；".join(".".join(str(p) for p in e.get("loc", ())[1:]) + "：" + str(e.get("msg", ""))
                     for e in exc.errors[:10])
    return api.create_response(request, {"detail": f"请求参数不正确（{where}）"}, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = api.create_response(request, {"detail": "令牌无效、已过期或已被吊销。"}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


# ------------------------------------------------------------------------------------ every call, once

def _over_limit(token):
    """Per-token calls per minute, counted in the shared cache (Redis), so every web node counts together."""
    cache = caches["api"]
    key = f"api-rate:{token.pk}:{int(time.time() // 60)}"
    try:
        cache.add(key, 0, timeout=90)
        return cache.incr(key) > token.rate_limit
    except Exception:  # noqa: BLE001 - the limit must not take the API down with the cache
        log.warning("rate-limit cache unavailable", exc_info=True)
        return False


def endpoint(scope):
    """Check the token's scope and rate, run the endpoint, and log who asked what and how many rows."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(request, *args, **kwargs):
            token, started = request.auth, time.monotonic()
            rows = 0
            if scope and not getattr(token, {"read": "can_read", "signals": "can_post_signals"}[scope]):
                status, body = 403, {"detail": f"该令牌没有“{ApiToken.Scope(scope).label}”权限。"}
            elif _over_limit(token):
                status, body = 429, {"detail": f"调用过于频繁：该令牌每分钟最多 {token.rate_limit} 次，请稍后再试。"}
            else:
                try:
                    status, body, rows = func(request, token.account, *args, **kwargs)
                except BadRequest as exc:
                    status, body = exc.status, {"detail": str(exc)}
            now = timezone.now()
            ApiCall.objects.create(token=token, method=request.method, path=request.get_full_path()[:300],
                                   operation=func.__name__, status=status, rows=rows,
                                   duration_ms=int((time.monotonic() - started) * 1000),
                                   ip_address=request.META.get("REMOTE_ADDR") or None)
            if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            if status == 200 and rows > 100:
                # a long page is already shaped as its schema says (the shaping functions below); encoding it
                # directly spares re-validating every row (~0.1 ms a row), which a 1,000-row page cannot afford
                return HttpResponse(json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
                                    content_type="application/json; charset=utf-8")
            return status, body

        # ninja reads the parameters from the signature: the account is ours to pass, not the caller's
        signature = inspect.signature(func)
        wrapper.__signature__ = signature.replace(
            parameters=[p for name, p in signature.parameters.items() if name != "account"])
        return wrapper

    return decorate


# ------------------------------------------------------------------------------------ paging and filters

def _encode(pk):
    return base64.urlsafe_b64encode(f"v1:{pk}".encode()).decode().rstrip("=")


def _decode(cursor):
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, pk = text.split(":")
        if version != "v1" or not pk.isdigit() or len(pk) > 18:
            raise ValueError
        return int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequest("游标无效：请使用上一页返回的 next_cursor。") from None


def page(queryset, cursor, limit, fields, shape):
    """One page after the cursor, ordered by primary key: at most limit + 1 rows are read."""
    after = _decode(cursor)
    rows = list(queryset.filter(pk__gt=after).order_by("pk").values(*fields)[:limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    items = [shape(r) for r in rows]
    return {"items": items, "next_cursor": _encode(rows[-1]["pk"]) if more else None}, len(items)


def in_region(queryset, account, code):
    if not code:
        return queryset
    region = Region.objects.visible_to(account).filter(code=code).only("path").first()
    if region is None:
        raise BadRequest(f"区划代码 {code} 不存在或不在本令牌的辖区内。")
    return queryset.inside(region.path)


def _choice(value, choices, label):
    if value and value not in dict(choices):
        raise BadRequest(f"{label}“{value}”无效，可选：{'、'.join(dict(choices))}。")
    return value


# real zones lie between -12:00 and +14:00; PostgreSQL refuses offsets of 16 hours and more (a 500 before)
OFFSET_RANGE = (datetime.timedelta(hours=-12), datetime.timedelta(hours=14))


def since(value, label):
    """A moment from the query string in UTC, or a 400 naming what is wrong with it."""
    if value is None:
        return None
    offset = value.utcoffset()
    if offset is not None and not OFFSET_RANGE[0] <= offset <= OFFSET_RANGE[1]:
        minutes = int(offset.total_seconds() // 60)
        shown = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        raise BadRequest(f"{label}的时区偏移 {shown} 超出范围：应在 -12:00 至 +14:00 之间，"
                         "例如 2026-01-01T00:00:00+08:00。")
    if offset is None:
        value = timezone.make_aware(value)
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError:
        raise BadRequest(f"{label}超出可表示的时间范围。") from None


def ok(result):
    body, rows = result
    return 200, body, rows


# every status the API answers is documented (schemathesis checks it): 400 our own check of a value, 401 no valid
# token, 403 a scope the token lacks, 422 a parameter of the wrong shape, 429 over the rate
ERRORS = {400: Problem, 401: Problem, 403: Problem, 422: Problem, 429: Problem}
READ = {200: Page, **ERRORS}


def read_responses(item):
    return {**READ, 200: Page[item]}


# ------------------------------------------------------------------------------------ enterprises

class EnterpriseOut(BaseModel):
    id: int
    uscc: str = Field(description="统一社会信用代码")
    name: str
    region_code: str
    region_name: str
    park: str | None
    industry: str = Field(description="国民经济行业门类代码（A–T）")
    ownership: str
    employee_count: int
    has_union: bool
    has_collective_contract: bool
    updated_at: datetime.datetime


@api.get("/enterprises", response=read_responses(EnterpriseOut), tags=["企业"], summary="企业台账")
@endpoint("read")
def enterprises(request, account, cursor: str = Query("", **CURSOR), limit: int = Query(DEFAULT_LIMIT, **LIMIT),
                q: str = Query("", **TEXT), region: str = Query("", **CODE), industry: str = Query("", **WORD),
                updated_since: datetime.datetime | None = Query(None)):
    from apps.enterprises.models import Enterprise, Industry

    qs = in_region(Enterprise.objects.visible_to(account), account, region)
    if q.strip():
        value = q.strip()
        qs = qs.filter(Q(name__contains=value) | Q(uscc__startswith=value.upper()))
    if industry:
        qs = qs.filter(industry=_choice(industry.upper(), Industry.choices, "行业门类"))
    updated_since = since(updated_since, "updated_since")
    if updated_since:
        qs = qs.filter(updated_at__gte=updated_since)
    fields = ("pk", "uscc", "name", "region__code", "region__full_name", "park__name", "industry", "ownership",
              "employee_count", "has_union", "has_collective_contract", "updated_at")
    return ok(page(qs, cursor, limit, fields, lambda r: {
        "id": r["pk"], "uscc": r["uscc"], "name": r["name"], "region_code": r["region__code"],
        "region_name": r["region__full_name"], "park": r["park__name"], "industry": r["industry"],
        "ownership": r["ownership"], "employee_count": r["employee_count"], "has_union": r["has_union"],
        "has_collective_contract": r["has_collective_contract"], "updated_at": r["updated_at"]}))


# ------------------------------------------------------------------------------------ creation records

class CreationRecordOut(BaseModel):
    id: int
    subject_kind: str = Field(description="enterprise 企业 / park 园区 / township 乡镇（街道）")
    subject_name: str
    uscc: str | None
    region_code: str
    year: int
    status: str
    status_label: str
    started_on: datetime.date | None
    updated_at: datetime.datetime


@api.get("/creation-records", response=read_responses(CreationRecordOut), tags=["创建台账"], summary="创建台账")
@endpoint("read")
def creation_records(request, account, cursor: str = Query("", **CURSOR), limit: int = Query(DEFAULT_LIMIT, **LIMIT),
                     year: int | None = Query(None, ge=2023, le=2027), status: str = Query("", **WORD),
                     region: str = Query("", **CODE), uscc: str = Query("", **TEXT)):
    from apps.enterprises.models import CreationRecord

    qs = in_region(CreationRecord.objects.visible_to(account), account, region)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=_choice(status, CreationRecord.Status.choices, "创建状态"))
    if uscc.strip():
        qs = qs.filter(subject__enterprise__uscc=uscc.strip().upper())
    labels = dict(CreationRecord.Status.choices)
    fields = ("pk", "subject__kind", "subject__name", "subject__enterprise__uscc", "subject__region__code", "year",
              "status", "started_on", "updated_at")
    return ok(page(qs, cursor, limit, fields, lambda r: {
        "id": r["pk"], "subject_kind": r["subject__kind"], "subject_name": r["subject__name"],
        "uscc": r["subject__enterprise__uscc"], "region_code": r["subject__region__code"], "year": r["year"],
        "status": r["status"], "status_label": labels.get(r["status"], r["status"]), "started_on": r["started_on"],
        "updated_at": r["updated_at"]}))


# ------------------------------------------------------------------------------------ assessment results

class AssessmentOut(BaseModel):
    id: int
    subject_name: str
    uscc: str | None
    region_code: str
    year: int
    kind: str = Field(description="self 自评 / tripartite 三方评估 / third_party 第三方评估")
    status: str
    status_label: str
    self_total: float | None
    final_total: float | None
    grade: str
    veto_failed: bool
    concluded_at: datetime.datetime | None


@api.get("/assessments", response=read_responses(AssessmentOut), tags=["评价评估"], summary="评估结果")
@endpoint("read")
def assessments(request, account, cursor: str = Query("", **CURSOR), limit: int = Query(DEFAULT_LIMIT, **LIMIT),
                year: int | None = Query(None, ge=2023, le=2027), kind: str = Query("", **WORD), status: str = Query("", **WORD),
                region: str = Query("", **CODE), uscc: str = Query("", **TEXT)):
    from apps.evaluations.models import Assessment

    qs = in_region(Assessment.objects.visible_to(account), account, region)
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=_choice(kind, Assessment.Kind.choices, "评估类型"))
    if status:
        qs = qs.filter(status=_choice(status, Assessment.Status.choices, "状态"))
    if uscc.strip():
        qs = qs.filter(subject__enterprise__uscc=uscc.strip().upper())
    labels = dict(Assessment.Status.choices)
    fields = ("pk", "subject__name", "subject__enterprise__uscc", "region__code", "year", "kind", "status",
              "self_total", "final_total", "grade", "veto_failed", "concluded_at")
    return ok(page(qs, cursor, limit, fields, lambda r: {
        "id": r["pk"], "subject_name": r["subject__name"], "uscc": r["subject__enterprise__uscc"],
        "region_code": r["region__code"], "year": r["year"], "kind": r["kind"], "status": r["status"],
        "status_label": labels.get(r["status"], r["status"]),
        "self_total": None if r["self_total"] is None else float(r["self_total"]),
        "final_total": None if r["final_total"] is None else float(r["final_total"]),
        "grade": r["grade"], "veto_failed": r["veto_failed"], "concluded_at": r["concluded_at"]}))


# ------------------------------------------------------------------------------------ stations

class StationOut(BaseModel):
    id: int
    name: str
    kind: str
    region_code: str
    park: str | None
    address: str
    phone: str = Field(description="站点对外公开的咨询电话")
    opening_hours: str
    acceptance_result: str
    model_status: str
    established_on: datetime.date | None


@api.get("/stations", response=read_responses(StationOut), tags=["服务站点"], summary="基层劳动关系公共服务站点")
@endpoint("read")
def stations(request, account, cursor: str = Query("", **CURSOR), limit: int = Query(DEFAULT_LIMIT, **LIMIT),
             region: str = Query("", **CODE), kind: str = Query("", **WORD), model_status: str = Query("", **WORD)):
    from apps.stations.models import Station

    qs = in_region(Station.objects.visible_to(account), account, region)
    if kind:
        qs = qs.filter(kind=_choice(kind, Station.Kind.choices, "站点类型"))
    if model_status:
        qs = qs.filter(model_status=_choice(model_status, Station.ModelStatus.choices, "样板站点"))
    fields = ("pk", "name", "kind", "region__code", "park__name", "address", "phone", "opening_hours",
              "acceptance_result", "model_status", "established_on")
    return ok(page(qs, cursor, limit, fields, lambda r: {
        "id": r["pk"], "name": r["name"], "kind": r["kind"], "region_code": r["region__code"], "park": r["park__name"],
        "address": r["address"], "phone": r["phone"], "opening_hours": r["opening_hours"],
        "acceptance_result": r["acceptance_result"], "model_status": r["model_status"],
        "established_on": r["established_on"]}))


# ------------------------------------------------------------------------------------ coordinators (masked)

class CoordinatorOut(BaseModel):
    id: int
    name: str
    id_number_masked: str = Field(description="身份证号（脱敏）")
    phone_masked: str = Field(description="手机号码（脱敏）")
    region_code: str
    workplace_name: str
    skill_level: str
    status: str


@api.get("/coordinators", response=read_responses(CoordinatorOut), tags=["协调员"],
         summary="劳动关系协调员（身份证号、手机号脱敏）")
@endpoint("read")
def coordinators(request, account, cursor: str = Query("", **CURSOR), limit: int = Query(DEFAULT_LIMIT, **LIMIT),
                 region: str = Query("", **CODE), status: str = Query("", **WORD)):
    from apps.coordinators.models import Coordinator

    qs = in_region(Coordinator.objects.visible_to(account), account, region)
    if status:
        qs = qs.filter(status=_choice(status, Coordinator.Status.choices, "在岗状态"))
    after = _decode(cursor)
    # the encrypted fields are decrypted by the model field, then masked here: they never leave unmasked
    rows = list(qs.filter(pk__gt=after).order_by("pk").select_related("region")
                .only("pk", "name", "id_number", "phone", "region__code", "workplace_name", "skill_level", "status")
                [:limit + 1])
    more, rows = len(rows) > limit, rows[:limit]
    items = [{"id": c.pk, "name": c.name, "id_number_masked": mask_id_number(c.id_number),
              "phone_masked": mask_phone(c.phone), "region_code": c.region.code, "workplace_name": c.workplace_name,
              "skill_level": c.skill_level, "status": c.status} for c in rows]
    return 200, {"items": items, "next_cursor": _encode(rows[-1].pk) if more else None}, len(items)


# ------------------------------------------------------------------------------------ risk reports

class RiskReportOut(BaseModel):
    id: int
    enterprise: str
    uscc: str
    region_code: str
    category: str
    severity: str
    status: str
    people_affected: int
    due_date: datetime.date
    escalation: str
    reported_at: datetime.datetime
    resolved_at: datetime.datetime | None


@api.get("/risk-reports", response=read_responses(RiskReportOut), tags=["风险预警"], summary="风险预警")
@endpoint("read")
def risk_reports(request, account, cursor: str = Query("", **CURSOR), limit: int = Query(DEFAULT_LIMIT, **LIMIT),
                 region: str = Query("", **CODE), status: str = Query("", **WORD), severity: str = Query("", **WORD),
                 category: str = Query("", **WORD), uscc: str = Query("", **TEXT)):
    from apps.risks.models import RiskReport

    qs = in_region(RiskReport.objects.visible_to(account), account, region)
    if status:
        qs = qs.filter(status=_choice(status, RiskReport.Status.choices, "处置状态"))
    if severity:
        qs = qs.filter(severity=_choice(severity, RiskReport.Severity.choices, "风险等级"))
    if category:
        qs = qs.filter(category=_choice(category, RiskReport.Category.choices, "风险类别"))
    if uscc.strip():
        qs = qs.filter(enterprise__uscc=uscc.strip().upper())
    fields = ("pk", "enterprise__name", "enterprise__uscc", "region__code", "category", "severity", "status",
              "people_affected", "due_date", "escalation", "reported_at", "resolved_at")
    return ok(page(qs, cursor, limit, fields, lambda r: {
        "id": r["pk"], "enterprise": r["enterprise__name"], "uscc": r["enterprise__uscc"],
        "region_code": r["region__code"], "category": r["category"], "severity": r["severity"], "status": r["status"],
        "people_affected": r["people_affected"], "due_date": r["due_date"], "escalation": r["escalation"],
        "reported_at": r["reported_at"], "resolved_at": r["resolved_at"]}))


# ------------------------------------------------------------------------------------ signals

class SignalOut(BaseModel):
    id: int
    uscc: str
    enterprise: str
    date: datetime.date
    contracts_signed: int | None
    disputes: int | None
    arbitrations: int | None
    insurance_arrears: bool | None
    risk_report_id: int | None
    updated_at: datetime.datetime


@api.get("/signals", response=read_responses(SignalOut), tags=["风险信号"], summary="已报送的企业风险信号")
@endpoint("read")
def signals(request, account, cursor: str = Query("", **CURSOR), limit: int = Query(DEFAULT_LIMIT, **LIMIT),
            uscc: str = Query("", **TEXT), date_from: datetime.date | None = Query(None),
            date_to: datetime.date | None = Query(None)):
    qs = EnterpriseSignal.objects.visible_to(account)
    if uscc.strip():
        qs = qs.filter(enterprise__uscc=uscc.strip().upper())
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    fields = ("pk", "enterprise__uscc", "enterprise__name", "date", *EnterpriseSignal.VALUE_FIELDS, "risk_report_id",
              "updated_at")
    return ok(page(qs, cursor, limit, fields, lambda r: {
        "id": r["pk"], "uscc": r["enterprise__uscc"], "enterprise": r["enterprise__name"], "date": r["date"],
        **{k: r[k] for k in EnterpriseSignal.VALUE_FIELDS}, "risk_report_id": r["risk_report_id"],
        "updated_at": r["updated_at"]}))


SignalIn = api_schema(SignalResource, "SignalIn")  # the signal columns, declared once (apps.exchange.resources)


class SignalBatchIn(BaseModel):
    rows: list[SignalIn] = Field(max_length=10_000, description="每批最多 10,000 行；按“统一社会信用代码 + 日期”去重更新")


class SignalBatchOut(BaseModel):
    rows: int
    created: int
    updated: int
    unchanged: int
    risks_opened: int


@api.post("/signals", response={**ERRORS, 200: SignalBatchOut, 400: BatchProblem},
          tags=["风险信号"], summary="报送一批企业风险信号",
          description="整批检查：任何一行有误（未知代码、他区企业、未来日期、负数……）则整批不写入，逐行返回错误。"
                      "检查通过后在一个事务中写入；同一批重复报送不会改变任何数据。超过阈值的信号在企业所在县"
                      "自动生成风险预警。")
@endpoint("signals")
def post_signals(request, account, batch: SignalBatchIn):
    from .importing import SignalImporter

    rows = [row.model_dump() for row in batch.rows]
    plan, result = apply_rows(SignalImporter(account), json_table(SignalResource, rows))
    if result is None:
        errors = [{"row": r, "column": c, "message": m} for r, c, m in plan.errors[:1000]]
        return 400, {"detail": f"批次有 {len(plan.errors)} 处问题，未写入任何数据。", "errors": errors}, 0
    return 200, {"rows": plan.total, "created": result["created"], "updated": result["updated"],
                 "unchanged": result["unchanged"], "risks_opened": result.get("risks_opened", 0)}, plan.total


# ------------------------------------------------------------------------------------ titles (apps.honours)

if django_apps.is_installed("apps.honours"):
    class TitleOut(BaseModel):
        id: int
        subject_name: str
        uscc: str | None
        kind: str
        region_code: str
        certificate_number: str
        valid_from: datetime.date
        valid_until: datetime.date = Field(description="复核日期（命名满三年）")
        status: str = Field(description="valid 有效 / under_review 复核中 / revoked 已撤销")

    @api.get("/titles", response=read_responses(TitleOut), tags=["示范创建"], summary="创建示范称号")
    @endpoint("read")
    def titles(request, account, cursor: str = Query("", **CURSOR), limit: int = Query(DEFAULT_LIMIT, **LIMIT),
               region: str = Query("", **CODE), status: str = Query("", **WORD), kind: str = Query("", **WORD)):
        title_model = django_apps.get_model("honours", "DemonstrationTitle")
        qs = in_region(title_model.objects.visible_to(account), account, region)
        if status:
            qs = qs.filter(status=_choice(status, title_model.Status.choices, "状态"))
        if kind:
            qs = qs.filter(kind=_choice(kind, title_model._meta.get_field("kind").choices, "类别"))
        fields = ("pk", "subject__name", "subject__enterprise__uscc", "kind", "region__code", "certificate_number",
                  "valid_from", "valid_until", "status")
        return ok(page(qs, cursor, limit, fields, lambda r: {
            "id": r["pk"], "subject_name": r["subject__name"], "uscc": r["subject__enterprise__uscc"],
            "kind": r["kind"], "region_code": r["region__code"], "certificate_number": r["certificate_number"],
            "valid_from": r["valid_from"], "valid_until": r["valid_until"], "status": r["status"]}))


# ------------------------------------------------------------------------------------ the token itself

class TokenOut(BaseModel):
    name: str
    holder: str
    area: str
    region_code: str
    scopes: list[str]
    expires_at: datetime.datetime
    rate_limit: int


@api.get("/me", response={**ERRORS, 200: TokenOut}, tags=["令牌"],
         summary="当前令牌的信息")
@endpoint(None)
def me(request, account):
    token = request.auth
    scopes = [s for s, flag in (("read", token.can_read), ("signals", token.can_post_signals)) if flag]
    return 200, {"name": token.name, "holder": token.holder, "area": token.office.region.full_name,
                 "region_code": token.office.region.code, "scopes": scopes, "expires_at": token.expires_at,
                 "rate_limit": token.rate_limit}, 1
