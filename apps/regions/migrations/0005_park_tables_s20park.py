"""Issue 24, step 1 of the move of 工业园区 (Park) from regions to parks: its tables take the parks app's names
(regions_park → parks_park, regions_historicalpark → parks_historicalpark, and with them the townships table
regions_park_townships → parks_park_townships). Rows, keys and the foreign keys pointing at them stay as they are.

The steps: this rename (state and database) → parks 0002 (the model in the parks app's state, no database change;
content types follow) → enterprises 0008, stations 0004, coordinators 0010 (their foreign keys name parks.Park,
state only) → regions 0006 (the model leaves the regions app's state, no database change)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("regions", "0004_park_townships"),
    ]

    operations = [
        migrations.AlterModelTable(name="park", table="parks_park"),
        migrations.AlterModelTable(name="historicalpark", table="parks_historicalpark"),
    ]
