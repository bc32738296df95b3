"""Issue 24, last step of the move of 工业园区 (Park) to the parks app (see 0005_park_tables_s20park): the model
leaves the regions app's state. The tables are the parks app's now, so nothing is dropped."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("regions", "0005_park_tables_s20park"),
        ("parks", "0002_park_s20park"),
        # every foreign key names parks.Park before regions.Park leaves the state
        ("enterprises", "0008_park_in_parks_s20park"),
        ("stations", "0004_park_in_parks_s20park"),
        ("coordinators", "0010_park_in_parks_s20park"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalPark"),
                migrations.DeleteModel(name="Park"),
            ],
            database_operations=[],
        ),
    ]
