from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Station


@admin.register(Station)
class StationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "park", "acceptance_result", "model_status"]
    list_filter = ["kind", "acceptance_result", "model_status"]
    search_fields = ["name", "address", "region__full_name"]
    raw_id_fields = ["region", "park"]
