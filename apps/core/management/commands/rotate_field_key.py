"""Re-encrypt every encrypted personal-data value with the first FIELD_ENCRYPTION_KEY, in batches.

Put the new key in front (FIELD_ENCRYPTION_KEY=new,old), restart, run this command, then drop the old key.
Each batch is one transaction; rows are rewritten with bulk_update (no history rows, no updated_at change);
the digests a model declares in FIELD_DIGESTS (身份证号 for duplicate checks) are recomputed under the new key.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from apps.core.fields import EncryptedCharField, blind_index


def encrypted_models():
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if names:
            yield model, names


def rotate_model(model, names, batch_size):
    digests = {d: source for d, source in getattr(model, "FIELD_DIGESTS", {}).items()
               if d in {f.name for f in model._meta.concrete_fields}}
    pk_name = model._meta.pk.name
    done, after = 0, None
    while True:
        with transaction.atomic():
            qs = model._default_manager.order_by("pk")
            if after is not None:
                qs = qs.filter(pk__gt=after)
            rows = list(qs.select_for_update().values_list("pk", *names)[:batch_size])
            if not rows:
                return done
            objs = []
            for pk, *values in rows:
                obj = model(**{pk_name: pk}, **dict(zip(names, values, strict=True)))
                for digest, source in digests.items():
                    value = getattr(obj, source)
                    setattr(obj, digest, blind_index(value) if value else "")
                objs.append(obj)
            model._default_manager.bulk_update(objs, [*names, *digests])
        done += len(rows)
        after = rows[-1][0]


class Command(BaseCommand):
    help = "用 FIELD_ENCRYPTION_KEY 中的第一个密钥重新加密全部个人信息（分批进行）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size, **options):
        total = 0
        for model, names in encrypted_models():
            count = rotate_model(model, names, batch_size)
            total += count
            self.stdout.write(f"{model._meta.verbose_name}（{model._meta.label}）：{count} 行已重新加密")
        self.stdout.write(self.style.SUCCESS(f"完成：共 {total} 行。现在可以从 FIELD_ENCRYPTION_KEY 中去掉旧密钥。"))
