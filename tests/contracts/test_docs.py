"""The documentation cannot drift from the code: every `make` target, `manage.py` command, file path and figure key
that README.md or a page under docs/ mentions exists; the pages generated from the registries (workflows, figures)
are what the registries give today; and `mkdocs build --strict` builds the site without loading anything from
another host. CHANGELOG.md is history and is not checked."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
INLINE = re.compile(r"`([^`\n]+)`")
PATH = re.compile(r"(?<![\w/.<>-])((?:apps|bench|tools|config|tests|docs|fixtures|static|templates)/[^\s`)\]|,;:'\"，。、）（]*)")
FIGURE_APPS = ("enterprises", "evaluations", "parks", "stations", "coordinators", "honours", "recognition",
               "supervision", "dashboards", "exchange")
DOTTED = re.compile(rf"^({'|'.join(FIGURE_APPS)})\.([a-z_]+)$")


def code_of(text):
    """The code a page shows: fenced blocks and inline spans (prose like "make a PDF" is not a command)."""
    blocks = FENCE.findall(text)
    return blocks + INLINE.findall(FENCE.sub("", text))


def mentions(pattern):
    found = []
    for page in PAGES:
        for code in code_of(page.read_text(encoding="utf-8")):
            found += [(page.relative_to(ROOT), m) for m in pattern.findall(code)]
    return found


def test_every_make_target_mentioned_exists():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    used = mentions(re.compile(r"(?<![\w-])make ([a-z][\w-]*)"))
    assert len(used) > 10
    assert [(page, t) for page, t in used if t not in targets] == []


def test_every_manage_py_command_mentioned_exists():
    commands = set(get_commands())
    used = mentions(re.compile(r"manage\.py ([a-z][\w-]*)"))
    assert len(used) >= 3
    assert [(page, c) for page, c in used if c not in commands] == []


def test_every_file_path_mentioned_exists():
    missing = []
    checked = 0
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for path in PATH.findall(text):
            path = path.split("(")[0].rstrip(".")
            if any(ch in path for ch in "<>*{$"):  # a pattern (apps/<app>/testing.py), not a file
                continue
            checked += 1
            module = re.sub(r"\.\w+$", ".py", path)  # apps/core/policy.users_with: a name in a module
            if not any(p.exists() for p in (ROOT / path, page.parent / path, ROOT / module)):
                missing.append((str(page.relative_to(ROOT)), path))
    assert checked > 100
    assert missing == [], missing


def _known_dotted_names():
    from django.apps import apps

    from apps.core import figures
    from apps.core.imports import IMPORTERS
    from apps.core.workflow import WORKFLOWS
    from config.celery import app as celery_app

    known = {f.key for f in figures.all_figures()} | set(WORKFLOWS) | set(IMPORTERS)
    known |= {s.key for f in figures.all_figures() for s in f.sources().values()}
    celery_app.loader.import_default_modules()
    known |= set(celery_app.tasks)
    for config in apps.get_app_configs():  # permissions "app.codename", as roles and transitions name them
        for model in config.get_models():
            opts = model._meta
            known |= {f"{config.label}.{a}_{opts.model_name}" for a in opts.default_permissions}
            known |= {f"{config.label}.{codename}" for codename, _ in opts.permissions}
    return known


def test_every_figure_key_mentioned_is_registered():
    """A backquoted `<app>.<name>` is a figure key, a workflow, an importer, a permission, a task or a module of the app; one
    that is none of these is a figure (or a workflow) that no longer exists."""
    known = _known_dotted_names()
    used = mentions(DOTTED)
    unknown = sorted({(str(page), f"{app}.{name}") for page, (app, name) in used
                      if f"{app}.{name}" not in known and not (ROOT / "apps" / app / f"{name}.py").exists()
                      and not (ROOT / "apps" / app / name).is_dir()})
    assert len(used) > 20
    assert unknown == []


def _docs_pages_module():
    spec = importlib.util.spec_from_file_location("docs_pages", ROOT / "tools" / "docs_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_pages_are_current():
    module = _docs_pages_module()
    stale = [name for name, text in module.render().items()
             if module.PAGES[name].read_text(encoding="utf-8") != text]
    assert stale == [], "run `make docs` (tools/docs_pages.py) and commit docs/reference/"


def test_the_site_builds_strictly_and_loads_nothing_from_another_host(tmp_path):
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert built.returncode == 0, built.stderr[-3000:]
    html = [p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.html")]
    assert len(html) >= len(list((ROOT / "docs").rglob("*.md")))
    external = {m for page in html for m in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="((?:https?:)?//[^"]+)"',
                                                       page)}
    assert external == set()
    assert "创建台账" in (tmp_path / "guide" / "ledger.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", ["README.md"])
def test_the_readme_is_short(page):
    assert len((ROOT / page).read_text(encoding="utf-8").splitlines()) < 150
