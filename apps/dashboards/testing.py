"""The world the figures contract test (tests/contracts/test_figures_contract.py) builds rows in.

Every app that registers figures ships, in `apps/<app>/testing.py`, `figure_examples()`: {figure key:
example(world)}. An example creates rows inside `world.township` (大智街道, 武汉市江岸区) for `world.year` and
returns how the figure must move: an int for a count, (numerator, denominator) for a ratio. The test then
checks that move at the province, the city and the county, in the sub-area rows that hold the township,
and that nothing moves in another city's county. A registered figure without an example fails the test.
"""

import datetime
import itertools

_numbers = itertools.count(1)


class FigureWorld:
    year = 2026

    def __init__(self):
        from apps.regions.models import Region

        self.township = Region.objects.get(code="420102002")
        self.county = self.township.parent
        self.city = self.county.parent
        self.province = self.city.parent
        self.other_county = Region.objects.get(code="420502")

    def enterprise(self, region=None, **fields):
        from apps.enterprises.models import Enterprise

        n = next(_numbers)
        fields = {"industry": "C", "employee_count": 50, **fields}
        return Enterprise.objects.create(name=f"指标测试企业{n}", uscc=f"91420102MA4F{n:06d}",
                                         region=region or self.township, **fields)

    def record(self, subject, status="creating", year=None):
        from apps.enterprises.models import CreationRecord

        return CreationRecord.objects.create(subject=subject, year=year or self.year, status=status)

    def park(self, **fields):
        from apps.parks.models import Park

        return Park.objects.create(name=f"指标测试园区{next(_numbers)}", level="provincial", region=self.county,
                                   **fields)

    def office(self, member_unit="fic", region=None):
        from apps.accounts.models import Office

        return Office.objects.get_or_create(region=region or self.county, member_unit=member_unit)[0]

    def coordinator(self, **fields):
        from stdnum.cn import ric

        from apps.coordinators.models import Coordinator

        n = next(_numbers)
        body = f"42010219900101{n % 1000:03d}"
        coordinator = Coordinator(name=f"指标测试协调员{n}", phone="13912345678", education="bachelor",
                                  workplace_type="enterprise", workplace_name="某公司", region=self.township, **fields)
        coordinator.set_id_number(body + ric.calc_check_digit(body))
        coordinator.save()
        return coordinator

    def date(self, month=6, day=1):
        return datetime.date(self.year, month, day)
