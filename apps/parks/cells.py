"""The 园区 column of a ledger (an enterprise's or a station's park), found by name among the parks of the
user's area for the whole file at once."""

from import_export import widgets

from apps.core.spreadsheets import text

from .models import Park


class ParkLookupWidget(widgets.CharWidget):
    """A 园区 column, by the park's name, found among the parks of the user's area for the whole file at once.
    `rule(park, region)` (the ledger's rule, shared with its form) says why a park cannot serve the row's
    region ('' when it can); without a rule the first park of that name is taken. `missing` ({name}) is the
    ledger's words for a name no park of the area has (or none fitting the row's region); `misplaced` ({name},
    {problem}) for a park that lies around the region but breaks the rule. `ambiguous` ({name}): of several
    parks of that name the one around or inside the row's region is taken, more than one is refused in these
    words."""

    plain = True

    def __init__(self, missing, misplaced=None, rule=None, region="region", listed=False, ambiguous=None, **kwargs):
        self.missing, self.misplaced, self.rule, self.region, self.listed = missing, misplaced, rule, region, listed
        self.ambiguous = ambiguous
        super().__init__(allow_blank=True, **kwargs)

    def template_values(self, user):
        """`listed`: the template offers the names of the user's parks as a drop-down."""
        return (list(Park.objects.visible_to(user).values_list("name", flat=True).order_by("name"))
                if self.listed else []), None

    def clean(self, value, row=None, **kwargs):
        return text(value) or None

    def lookup(self, names, user):
        parks = {}
        for park in Park.objects.visible_to(user).filter(name__in=names).select_related("region").prefetch_related(
                "townships").order_by("pk"):
            parks.setdefault(park.name, []).append(park)

        def find(name, values):
            candidates, region = parks.get(name, []), values.get(self.region)
            if self.ambiguous and len(candidates) > 1:
                if region is not None:
                    candidates = [p for p in candidates if p.region.contains(region) or region.contains(p.region)]
                if len(candidates) > 1:
                    raise ValueError(self.ambiguous.format(name=name))
            if candidates and (self.rule is None or region is None):
                return candidates[0]
            if not candidates or region is None:
                raise ValueError(self.missing.format(name=name))
            problems = [self.rule(park, region) for park in candidates]
            for park, problem in zip(candidates, problems, strict=True):
                if not problem:
                    return park
            located = [(p, problem) for p, problem in zip(candidates, problems, strict=True)
                       if region.path.startswith(p.region.path)]
            if located and self.misplaced:
                raise ValueError(self.misplaced.format(name=name, problem=located[0][1]))
            raise ValueError(self.missing.format(name=name))
        return find
