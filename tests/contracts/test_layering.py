"""Issue 24: no import made inside a function hides a dependency on an app above the importing one.

import-linter (`lint-imports`, the contracts in pyproject.toml) already reads every import statement, those
inside functions too; but a function-level import is also how a cycle used to be hidden, and an `ignore_imports`
line is how it used to be excused. This test reads the same layers from pyproject.toml (written once) and walks
every module under apps/ with `ast`: an import inside a function or method — a statement, or
`importlib.import_module("apps.…")` with a literal name — that goes to an app in a higher layer than the
importing app's (or to an independent sibling) fails, with the file and line. A lazy import that only saves
import-time cost within the same app or towards a lower layer is fine. And no contract may excuse an import.
"""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def contracts():
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def layer_ranks():
    """[(contract name, {app module: (rank, independent layer index or None)})], rank 0 the lowest layer."""
    ranked = []
    for contract in contracts():
        if contract["type"] != "layers":
            continue
        ranks = {}
        for rank, layer in enumerate(reversed(contract["layers"])):
            independent = "|" in layer
            for module in layer.replace("|", ":").split(":"):
                ranks[module.strip()] = (rank, rank if independent else None)
        ranked.append((contract["name"], ranks))
    return ranked


def app_of(module):
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "apps" and len(parts) > 1 else None


def module_name(path):
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve(node, module, is_package):
    """The absolute module an ImportFrom names (`from ..x import y` inside apps.a.b → apps.a.x)."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


class FunctionImports(ast.NodeVisitor):
    """Every (line, imported module) inside a function or method of one module."""

    def __init__(self, module, is_package):
        self.module, self.is_package = module, is_package
        self.depth = 0
        self.found = []

    def visit_FunctionDef(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_Lambda = visit_FunctionDef

    def visit_Import(self, node):
        if self.depth:
            self.found.extend((node.lineno, alias.name) for alias in node.names)

    def visit_ImportFrom(self, node):
        if self.depth:
            base = resolve(node, self.module, self.is_package)
            # `from apps import x` / `from . import x`: the names may be modules
            self.found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)

    def visit_Call(self, node):
        called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if self.depth and called == "import_module" and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            self.found.append((node.lineno, node.args[0].value))
        self.generic_visit(node)


def upward(importer, imported, ranked):
    """The contract an import from app `importer` to app `imported` breaks, or None."""
    if importer == imported:
        return None
    for name, ranks in ranked:
        if importer in ranks and imported in ranks:
            (rank_from, independent_from), (rank_to, _) = ranks[importer], ranks[imported]
            if rank_to > rank_from or (rank_to == rank_from and independent_from is not None):
                return name
    return None


def function_imports_upward():
    ranked = layer_ranks()
    found = []
    for path in sorted((ROOT / "apps").rglob("*.py")):
        module = module_name(path)
        importer = app_of(module)
        visitor = FunctionImports(module, path.name == "__init__.py")
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for line, target in visitor.found:
            imported = app_of(target)
            broken = imported and upward(importer, imported, ranked)
            finding = f"{path.relative_to(ROOT)}:{line} {importer} → {imported} ({broken})"
            if broken and finding not in found:
                found.append(finding)
    return found


def test_the_layers_are_read_from_pyproject():
    ranked = dict(layer_ranks())
    assert ranked, "pyproject.toml declares no layers contract"
    apps_layers = next(ranks for name, ranks in ranked.items() if "apps.core" in ranks)
    # the order the issue writes down: core → regions → accounts → documents → domain apps → dashboards | exchange
    order = ["apps.core", "apps.regions", "apps.accounts", "apps.documents", "apps.enterprises", "apps.dashboards"]
    assert [apps_layers[m][0] for m in order] == sorted(apps_layers[m][0] for m in order)
    assert apps_layers["apps.dashboards"] == apps_layers["apps.exchange"]
    assert upward("apps.core", "apps.regions", ranked.items())
    assert upward("apps.dashboards", "apps.exchange", ranked.items())
    assert upward("apps.enterprises", "apps.evaluations", ranked.items())
    assert not upward("apps.regions", "apps.core", ranked.items())
    assert not upward("apps.stations", "apps.parks", ranked.items())  # one layer, not independent


def test_the_checker_sees_an_import_inside_a_function():
    source = ("def f():\n    from apps.dashboards.board import build\n"
              "class A:\n    def g(self):\n        import apps.exchange.models\n"
              "        importlib.import_module('apps.honours.services')\n"
              "from apps.regions.models import Region\n")
    visitor = FunctionImports("apps.core.example", False)
    visitor.visit(ast.parse(source))
    assert [target for _, target in visitor.found] == [
        "apps.dashboards.board.build", "apps.exchange.models", "apps.honours.services"]
    assert resolve(ast.parse("from ..figures import x").body[0], "apps.core.sub.mod", False) == "apps.core.figures"


def test_no_function_level_import_reaches_a_higher_layer():
    found = function_imports_upward()
    assert not found, "imports inside functions that reach a higher layer:\n" + "\n".join(found)


def test_no_contract_excuses_an_import():
    excused = {contract["name"]: contract["ignore_imports"] for contract in contracts() if contract.get("ignore_imports")}
    assert excused == {}


def test_every_app_has_a_layer():
    """An app left out of the layers is checked by nothing: each app under apps/ (a package with apps.py) is in the
    apps' layers contract, and each domain app in the domain apps' one."""
    ranked = dict(layer_ranks())
    apps_layers = next(ranks for ranks in ranked.values() if "apps.core" in ranks)
    domain_layers = next(ranks for ranks in ranked.values() if "apps.core" not in ranks)
    installed = sorted(f"apps.{path.parent.name}" for path in (ROOT / "apps").glob("*/apps.py"))
    assert [app for app in installed if app not in apps_layers] == []
    domain_rank = apps_layers["apps.enterprises"][0]
    assert sorted(app for app, (rank, _) in apps_layers.items() if rank == domain_rank) == sorted(domain_layers)
