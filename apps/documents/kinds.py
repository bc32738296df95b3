"""The register of document kinds: what each is called, its template, its layout, and a sample to measure.

An app registers its kinds in its AppConfig.ready(). The layout test (tests/documents/test_layout.py) renders
every registered kind's sample and measures it against GB/T 9704-2012, so a kind is measured the day it is
registered. ``sample`` is the dotted path of a function returning the template context (kept in the app's
testing module: it is never imported by the running portal).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    template: str
    layout: str = "official"  # "official" (GB/T 9704 公文), "certificate" (landscape, framed), "form" (表格)
    sample: str = ""


REGISTRY: dict[str, Kind] = {}


def register(code, label, template, layout="official", sample=""):
    REGISTRY[code] = Kind(code, label, template, layout, sample)


def label(code):
    kind = REGISTRY.get(code)
    return kind.label if kind else "其他文书"
