"""Data generators for the benchmarks (they fill the bench database once; later runs reuse it).

Functions
---------
ensure_enterprises(n=scaled(200_000), stdout=print) -> int
    Idempotent. When the current database holds fewer than `n` enterprises, adds the missing ones,
    spread round-robin over every Hubei township (乡镇（街道）), each with its creating `Subject`, a valid
    统一社会信用代码 (check digit from `stdnum.cn.uscc.calc_check_digit`; the organisation part carries
    the row id, so codes never collide with demo, test or import rows), an industry, ownership,
    employee count, one enterprise in five inside a park of its county (one "…经济开发区" per county),
    and creation records (创建台账) for 2023–2026 whose status advances year by year. Rows are
    written with PostgreSQL COPY in batches of 10,000 (≈ 30–60 s for 200,000 on two cores); the
    encrypted contact phone is filled for one enterprise in 500 only. Returns the number of
    enterprises in the database afterwards. Also calls `ensure_staff()`.

ensure_staff() -> dict
    Idempotent. Offices of all four member units in 湖北省 (42), 武汉市 (4201) and 江岸区 (420102),
    and one user per level holding every role: {"province": user, "city": user, "county": user}
    (usernames `bench-province`, `bench-city`, `bench-county`, password BENCH_PASSWORD).

scaled(n) -> int, repeats(n) -> int
    BENCH_SCALE (an environment variable) is the number of enterprises the benchmarks run on, 200,000 unless
    set; every other generated count and file size follows it in proportion (`scaled`, at least 1), and below
    200,000 each timed page is requested only a few times (`repeats`). `make test` runs every benchmark once
    with a tiny BENCH_SCALE (tests/operations/test_bench_smoke.py) so that none of them rots.

uscc_for(number, region_code="420100", prefix="91", org_letter="B") -> str
    A valid USCC whose organisation code encodes `number` (used by the import benchmarks to make
    codes that do not clash with the generated ones: pass another `org_letter`).
"""

import os
import random
import time
from datetime import date

BENCH_PASSWORD = "Bench@2026hb"
YEARS = (2023, 2024, 2025, 2026)
BATCH = 10_000
BASE_ENTERPRISES = 200_000


def scale():
    """The number of enterprises of this run (BENCH_SCALE, 200,000 by default)."""
    return int(os.environ.get("BENCH_SCALE") or BASE_ENTERPRISES)


def scaled(n):
    """A count sized for 200,000 enterprises, sized for this run's BENCH_SCALE (at least 1)."""
    return max(1, n * scale() // BASE_ENTERPRISES)


def repeats(n):
    """How many times to time a page: n at full scale, a few on a smaller one (a smoke run)."""
    return n if scale() >= BASE_ENTERPRISES else 1


def uscc_for(number, region_code="420100", prefix="91", org_letter="B"):
    from stdnum.cn import uscc

    body = f"{prefix}{region_code[:6]}{org_letter}{number:08d}"
    return body + uscc.calc_check_digit(body)


def ensure_staff():
    from apps.accounts.models import MemberUnit, Office, User
    from apps.accounts.roles import ROLES, role_group
    from apps.regions.models import Region

    groups = [role_group(r) for r in ROLES]
    users = {}
    for level, code in (("province", "42"), ("city", "4201"), ("county", "420102")):
        region = Region.objects.get(code=code)
        offices = {unit: Office.objects.get_or_create(region=region, member_unit=unit)[0]
                   for unit in MemberUnit.values}
        user = User.objects.filter(username=f"bench-{level}").first()
        if user is None:
            user = User.objects.create_user(username=f"bench-{level}", password=BENCH_PASSWORD,
                                            office=offices["hrss"], full_name=f"{region.name}压测员")
        user.groups.set(groups)
        users[level] = User.objects.get(pk=user.pk)
    return users


def _copy(cursor, table, columns, rows):
    with cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def _defaults(model):
    """Column name -> default value for every concrete field (so fields added later still get one)."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        values[field.column] = field.get_default() if field.has_default() else None
    return values


def _parks(counties):
    """One park per county (found by name, or created); none if the parks app cannot create one now."""
    from django.db import DatabaseError, transaction

    from apps.parks.models import Park

    parks = dict(Park.objects.filter(name__endswith="经济开发区", region__level="county")
                 .values_list("region__code", "pk"))
    try:
        with transaction.atomic():
            for county in counties:
                if county.code not in parks:
                    park = Park(region=county, name=f"{county.name}经济开发区", level=Park.Level.PROVINCIAL)
                    park.save()
                    parks[county.code] = park.pk
    except DatabaseError:
        return {}
    return parks


def ensure_enterprises(n=None, stdout=print):
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from apps.core.fields import encrypt
    from apps.enterprises.models import CreationRecord, Enterprise, Industry, Ownership, Subject
    from apps.regions.models import Region

    n = scaled(BASE_ENTERPRISES) if n is None else n
    ensure_staff()
    have = Enterprise.objects.count()
    if have >= n:
        stdout(f"  企业已有 {have} 家（≥ {n}），跳过生成")
        return have
    missing = n - have
    started = time.perf_counter()
    townships = list(Region.objects.townships().order_by("code").values_list("pk", "code", "name", "path"))
    counties = {r.code: r for r in Region.objects.counties()}
    parks = _parks(counties.values())
    county_of = {}
    for pk, code, _name, path in townships:
        parts = path.strip("/").split("/")
        county_of[pk] = parts[2] if len(parts) > 2 else code[:6]
    rng = random.Random(20260401 + have)
    industries = Industry.values
    ownerships = Ownership.values
    statuses = [s for s in CreationRecord.Status.values]
    now = timezone.now()

    subject_table, enterprise_table = Subject._meta.db_table, Enterprise._meta.db_table
    record_table = CreationRecord._meta.db_table
    enterprise_defaults = _defaults(Enterprise)
    record_defaults = _defaults(CreationRecord)
    record_defaults.pop("id", None)

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{subject_table}", "{enterprise_table}" IN EXCLUSIVE MODE')
        if Enterprise.objects.count() != have:  # another generator ran meanwhile: count again, under the lock
            have = Enterprise.objects.count()
            missing = max(0, n - have)
        next_subject = (Subject.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        next_enterprise = (Enterprise.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        done = 0
        while done < missing:
            size = min(BATCH, missing - done)
            subjects, enterprises, records = [], [], []
            for k in range(size):
                sid, eid = next_subject + done + k, next_enterprise + done + k
                t_pk, t_code, t_name, t_path = townships[(have + done + k) % len(townships)]
                county_code = county_of[t_pk]
                park = parks.get(county_code) if rng.random() < 0.2 else None
                name = f"{t_name}{['鑫', '华', '盛', '达', '恒', '联', '楚', '江'][eid % 8]}{eid}号有限公司"
                subjects.append((sid, Subject.Kind.ENTERPRISE, name, t_pk, park))
                values = dict(enterprise_defaults)
                values.update({
                    "subject_id": sid, "name": name, "uscc": uscc_for(eid, county_code),
                    "region_id": t_pk, "region_path": t_path, "park_id": park, "industry": rng.choice(industries),
                    "ownership": rng.choice(ownerships), "employee_count": int(rng.lognormvariate(4, 1.2)),
                    "has_union": rng.random() < 0.7, "has_collective_contract": rng.random() < 0.5,
                    "contact_person": "张经理" if eid % 3 else "李主任",
                    "contact_phone": encrypt(f"139{eid % 100000000:08d}") if eid % 500 == 0 else "",
                    "created_at": now, "updated_at": now,
                })
                enterprises.append((eid, values))
                level = rng.randrange(len(statuses))
                for offset, year in enumerate(YEARS):
                    status = statuses[min(level, max(0, level - (len(YEARS) - 1 - offset)))]
                    record = dict(record_defaults)
                    record.update({"subject_id": sid, "year": year, "status": status,
                                   "started_on": date(year, 3, 1) if status != "not_started" else None,
                                   "notes": "", "updated_at": now, "updated_by_id": None})
                    records.append(record)
            _copy(cursor, subject_table, ["id", "kind", "name", "region_id", "park_id"], subjects)
            columns = ["id", *enterprise_defaults]
            _copy(cursor, enterprise_table, columns,
                  ([eid, *(values[c] for c in enterprise_defaults)] for eid, values in enterprises))
            record_columns = list(record_defaults)
            _copy(cursor, record_table, record_columns, ([r[c] for c in record_columns] for r in records))
            done += size
            stdout(f"  已生成企业 {have + done}/{n}（{time.perf_counter() - started:.0f} s）")
        for table in (subject_table, enterprise_table):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                           f"(SELECT MAX(id) FROM \"{table}\"))")
    with connection.cursor() as cursor:
        for table in (subject_table, enterprise_table, record_table):
            cursor.execute(f'VACUUM ANALYZE "{table}"')
    stdout(f"  生成 {missing} 家企业及 {missing * len(YEARS)} 条创建台账，用时 {time.perf_counter() - started:.1f} s")
    return Enterprise.objects.count()
