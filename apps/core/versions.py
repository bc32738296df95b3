"""The one cache-version scheme: a token per counted model, read in one query, hashed per cache entry.

Whatever caches a figure computed from rows keys it with the version of the models it counts:

    from apps.core import versions
    key = f"...:{versions.current().of_models(('coordinators.Coordinator', 'enterprises.Enterprise'))}:..."

and whatever changes rows without a save signal the watchers see (raw SQL, bulk statements) calls
`versions.bump("app_label.Model")`; `bump()` with no label changes every version ("*"). The tokens live in
`core.DataVersion`; the figures (apps/core/figures.py, which also queue their warm-up on a
bump) and the coordinators' structure statistics (apps/coordinators/stats.py) read the same table.
"""

import hashlib
import uuid

from django.db import connection

from .models import DataVersion

ALL = "*"  # the key whose bump changes the version of every model


def bump(*labels):
    """New version tokens for these models ("app_label.Model"; none: every model). Whatever was cached under
    a version counting one of them is no longer used."""
    table = DataVersion._meta.db_table
    with connection.cursor() as cursor:
        for label in labels or (ALL,):
            cursor.execute(f'INSERT INTO "{table}" (key, token, changed_at) VALUES (%s, %s, now()) '
                           "ON CONFLICT (key) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at",
                           [label, uuid.uuid4()])


class Versions(dict):
    """{model label: token} at one moment; `of_models(labels)` is the version of what counts these models,
    `of(source)` that of a figure source (its `watch`)."""

    def of(self, source):
        return self.of_models(source.watch)

    def of_models(self, labels):
        tokens = [str(self.get(ALL, "0"))] + [f"{label}={self.get(label, '0')}" for label in sorted(labels)]
        return hashlib.blake2s("|".join(tokens).encode(), digest_size=12).hexdigest()


def current():
    """Every model's token, read in one query: all the figures of a page are computed from the same data."""
    return Versions((key, str(token)) for key, token in DataVersion.objects.values_list("key", "token"))
