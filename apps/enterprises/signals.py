"""Signals of the enterprise registry.

`enterprises_bulk_saved` is sent (sender=Enterprise) after an Excel import wrote its rows with bulk
statements, which send no post_save: receivers get `created_ids` and `updated_ids` (lists of Enterprise
pks), inside the import's transaction, so that derived data (e.g. coverage) can follow in bulk."""

from django.dispatch import Signal

enterprises_bulk_saved = Signal()
