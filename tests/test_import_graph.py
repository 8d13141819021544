"""The layering of the project's apps, read from the source: infrastructure knows no domain app,
and no two apps import each other. Imports inside functions count like any other (they are how
a cycle usually hides)."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "infofinance"
# Plumbing every feature builds on. Nothing here may import a domain app: features register
# into it from their AppConfig.ready() instead.
INFRASTRUCTURE = {"core", "pagecache", "search", "discovery", "wiring"}
# Lower layers the infrastructure may use besides itself (no domain knowledge either).
PLATFORM = {"audit", "fastpath", "images", "ops", "settings", "text", "webheaders"}
# Not apps: the project's URLconf and WSGI entry point glue everything together.
GLUE = {"urls", "wsgi", "__init__"}


def project_imports(path: Path) -> set[str]:
    """The infofinance modules `path` imports, wherever in the file the import is."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.startswith("infofinance."))
    return found


def app_of(module: str) -> str:
    return module.split(".")[1]


def app_imports() -> dict[str, dict[str, list[str]]]:
    """{app: {imported app: [file:module, …]}} over every module but migrations (which must
    import the apps whose historical models they move data between)."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "migrations" in relative.parts or relative.parts[0].removesuffix(".py") in GLUE:
            continue
        source = relative.parts[0]
        for module in project_imports(path):
            target = app_of(module)
            if target != source:
                graph[source][target].append(f"{relative}: {module}")
    return graph


def domain_apps() -> set[str]:
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")}
    return apps - INFRASTRUCTURE - PLATFORM


def test_the_layers_are_known():
    """Every infrastructure and platform name is a package here (a rename would otherwise turn
    the checks below into checks of nothing), and the domain apps include the newsroom."""
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert INFRASTRUCTURE - {"wiring"} <= packages
    assert {"news", "brokers", "complaints", "reviews", "home"} <= domain_apps()


@pytest.mark.parametrize("infrastructure", sorted(INFRASTRUCTURE))
def test_infrastructure_imports_no_domain_app(infrastructure):
    domain = domain_apps()
    offending = {
        target: sites
        for target, sites in app_imports().get(infrastructure, {}).items()
        if target in domain or target not in INFRASTRUCTURE | PLATFORM
    }
    assert not offending, f"{infrastructure} imports domain apps: {dict(offending)}"


def test_no_two_apps_import_each_other():
    graph = app_imports()
    cycles = sorted(
        f"{a} <-> {b}: {graph[a][b][0]} / {graph[b][a][0]}"
        for a in graph
        for b in graph[a]
        if a < b and a in graph.get(b, {})
    )
    assert not cycles, "\n".join(cycles)


def test_the_check_sees_imports_inside_functions(tmp_path):
    """The reader of the source finds an import hidden in a function body."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from infofinance.news.models import ArticlePage\n")
    assert project_imports(module) == {"infofinance.news.models"}
