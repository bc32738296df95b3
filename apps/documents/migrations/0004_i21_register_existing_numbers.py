"""Every 文号 already issued enters the register, so the allocator never hands it out again."""

import re

from django.db import migrations

PATTERN = re.compile(r"^([^\s〔〕]+)〔(\d{4})〕([1-9]\d{0,4})号$")
SOURCES = [
    ("honours", "Naming", "honour-naming"),
    ("honours", "Revocation", "honour-revocation"),
    ("supervision", "Bulletin", "bulletin"),
    ("recognition", "Incentive", "incentive"),
    ("documents", "GeneratedDocument", ""),
]


def register(apps, schema_editor):
    IssuedNumber = apps.get_model("documents", "IssuedNumber")
    seen = set(IssuedNumber.objects.values_list("prefix", "year", "serial"))
    for app_label, model_name, kind in SOURCES:
        try:
            Model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        for pk, number in Model.objects.exclude(doc_number="").values_list("pk", "doc_number"):
            match = PATTERN.match(number.strip())
            if not match:
                continue
            key = (match[1], int(match[2]), int(match[3]))
            if key in seen:
                continue
            seen.add(key)
            IssuedNumber.objects.create(prefix=key[0], year=key[1], serial=key[2], doc_number=number.strip(),
                                        kind=kind, owner=f"{app_label}.{model_name.lower()}:{pk}")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_i21_issued_number"),
        ("honours", "0002_ledger_demonstration_follows_titles"),
        ("supervision", "0004_bulletins"),
        ("recognition", "0002_list_indexes"),
    ]

    operations = [migrations.RunPython(register, migrations.RunPython.noop)]
