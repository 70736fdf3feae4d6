"""The layers stay honest: every module's imports, read with `ast`, against the rules in BRIEF/DESIGN.

In the spirit of httpx's test of its exported names: the rules live here as data, each has one test
that names the offending modules, and the checker itself is tested on tiny synthetic graphs.

What is read: every .py file under pricing/, ui/, app_pages/ and dashboard.py. Every import counts,
also those inside functions and under `if TYPE_CHECKING:` (the latter are skipped only when looking
for cycles, since they never run). Relative imports are resolved, and `from pricing import defaults`
is an import of the module pricing.defaults (a name that is not a module is an import of the
package it comes from). `importlib.import_module("x")` / `__import__("x")` with a literal count too.

The rules:
- no import cycle between modules;
- pricing/ imports neither streamlit, plotly, ui nor app_pages; ui/ does not import app_pages;
- a page (app_pages/*) imports neither numpy, pandas nor pricing.defaults, in any form (also not
  by reaching another module's attribute, as `clinic.np` or `pricing.defaults` via `x.defaults`);
- the pricing layers, lowest first: defaults -> course -> scenario -> ledger -> estimate (with
  report and finance) -> compare, explain, clinic, equity -> cli. A module imports only its own layer or
  lower ones; the four tools in the middle layer may import each other, but without a cycle
  between the four;
- no module in pricing/ over 500 lines, no page over 300;
- no `defaults.load(` outside pricing/defaults/ (the typed accessors are the way in).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pricing", "ui", "app_pages")
SCRIPTS = ("dashboard.py",)

MAX_PRICING_LINES = 500
MAX_PAGE_LINES = 300

# The pricing layers, lowest first. A module belongs to the first prefix it starts with.
# pricing.report has no pricing import of its own (money, rounding, CSV and text formats), so it
# could sit lower; it is placed with estimate, whose figures it formats, and only the middle
# layer and the CLI (plus ui/ and pages) import it. pricing.finance (rules 15-17) is arithmetic on
# a settled course's dated payments: the estimate asks it, so it sits in the estimate's layer
# (and must not import pricing.estimate: the cycle test would say so).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("pricing.defaults",),
    ("pricing.course",),
    ("pricing.scenario",),
    ("pricing.ledger",),
    ("pricing.estimate", "pricing.report", "pricing.finance"),
    ("pricing.compare", "pricing.explain", "pricing.clinic", "pricing.equity"),
    ("pricing.cli", "pricing.__main__"),
)
MIDDLE = LAYERS[5]

PRICING_MUST_NOT_IMPORT = ("streamlit", "plotly", "ui", "app_pages")
UI_MUST_NOT_IMPORT = ("app_pages",)
PAGE_MUST_NOT_IMPORT = ("numpy", "pandas", "pricing.defaults")
PAGE_MUST_NOT_REACH = ("np", "pd", "numpy", "pandas", "defaults")  # attribute names


# --- reading imports ------------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One import in one module: the module imported, the line, whether it only runs for mypy."""

    target: str
    line: int
    type_only: bool = False


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def within(name: str, prefix: str) -> bool:
    """`name` is the module `prefix` or inside it (pricing.defaults.clinic is within pricing.defaults)."""
    return name == prefix or name.startswith(prefix + ".")


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes under an `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`) block."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    inside.update(id(n) for n in ast.walk(child))
    return inside


def imports_of(
    source: str, module: str, *, is_package: bool = False, known: Iterable[str] = ()
) -> list[Import]:
    """Every import in `source` (the text of `module`), resolved to absolute module names.

    `known`: the modules that exist, so that `from pkg import name` is an import of pkg.name when
    that is a module and of pkg otherwise.
    """
    known = set(known)
    tree = ast.parse(source)
    typed = _type_checking_nodes(tree)
    package = module if is_package else module.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(tree):
        only = id(node) in typed
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno, only) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".") if package else []
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                candidate = f"{base}.{alias.name}" if base else alias.name
                target = candidate if candidate in known else base
                found.append(Import(target, node.lineno, only))
                if target == candidate and base in known and base != module and "." in base:
                    # `from pkg import sub` runs pkg/__init__ first and reads sub off it: an
                    # import of the package too (write `import pkg.sub as sub` inside pkg).
                    found.append(Import(base, node.lineno, only))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            first = node.args[0]
            if (
                name in ("import_module", "__import__")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.append(Import(first.value, node.lineno, only))
    return [i for i in found if i.target and i.target != "__future__"]


def source_files(root: Path = ROOT) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            files[module_name(path, root)] = path
    for script in SCRIPTS:
        files[module_name(root / script, root)] = root / script
    return files


@cache
def project() -> tuple[dict[str, Path], dict[str, list[Import]]]:
    """The project's modules (name -> file) and each module's imports."""
    files = source_files()
    graph = {
        name: imports_of(
            path.read_text(encoding="utf-8"),
            name,
            is_package=path.name == "__init__.py",
            known=files,
        )
        for name, path in files.items()
    }
    return files, graph


# --- checking ---------------------------------------------------------------------------------


def find_cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with more than one node (or a self-import),
    as a path that returns to its start: ["a", "b", "a"]."""
    graph = {node: sorted(set(targets)) for node, targets in edges.items()}
    for targets in list(graph.values()):
        for t in targets:
            graph.setdefault(t, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan, iterative so a long chain cannot hit recursion limits
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)

    cycles = []
    for component in sorted(components):
        members = set(component)
        start = component[0]
        if len(component) == 1 and start not in graph[start]:
            continue
        # Shortest way from start back to start inside the component (breadth first).
        previous: dict[str, str] = {}
        queue = [start]
        done = False
        while queue and not done:
            node = queue.pop(0)
            for child in graph[node]:
                if child not in members:
                    continue
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    cycles.append(
                        [start, *reversed(path[:-1]), start] if node != start else [start, start]
                    )
                    done = True
                    break
                if child not in previous:
                    previous[child] = node
                    queue.append(child)
    return cycles


def layer_of(module: str, layers: tuple[tuple[str, ...], ...] = LAYERS) -> int | None:
    for number, prefixes in enumerate(layers):
        if any(within(module, p) for p in prefixes):
            return number
    return None


def upward_imports(
    edges: Mapping[str, Iterable[str]], layers: tuple[tuple[str, ...], ...] = LAYERS
) -> list[str]:
    """Every import of a higher layer by a lower one, as "low (layer) imports high (layer)"."""
    problems = []
    for module in sorted(edges):
        mine = layer_of(module, layers)
        if mine is None:
            continue
        for target in sorted(set(edges[module])):
            theirs = layer_of(target, layers)
            if theirs is not None and theirs > mine:
                problems.append(
                    f"{module} (layer {mine}: {', '.join(layers[mine])}) imports {target} "
                    f"(layer {theirs}: {', '.join(layers[theirs])})"
                )
    return problems


def group_of(module: str, groups: Iterable[str]) -> str | None:
    return next((g for g in groups if within(module, g)), None)


def group_edges(edges: Mapping[str, Iterable[str]], groups: Iterable[str]) -> dict[str, set[str]]:
    """The imports between groups (packages): which group imports which other one."""
    groups = tuple(groups)
    out: dict[str, set[str]] = {g: set() for g in groups}
    for module, targets in edges.items():
        mine = group_of(module, groups)
        if mine is None:
            continue
        for target in targets:
            theirs = group_of(target, groups)
            if theirs is not None and theirs != mine:
                out[mine].add(theirs)
    return out


def edges(*, runtime_only: bool = False, internal_only: bool = True) -> dict[str, set[str]]:
    files, graph = project()
    return {
        module: {
            i.target
            for i in imports
            if not (runtime_only and i.type_only) and (not internal_only or i.target in files)
        }
        for module, imports in graph.items()
    }


def offenders(modules: Iterable[str], forbidden: Iterable[str]) -> list[str]:
    _, graph = project()
    forbidden = tuple(forbidden)
    return [
        f"{module} line {i.line}: imports {i.target}"
        for module in sorted(modules)
        for i in graph[module]
        if any(within(i.target, f) for f in forbidden)
    ]


def modules_in(prefix: str) -> list[str]:
    files, _ = project()
    return [m for m in files if within(m, prefix)]


def report(problems: list[str], rule: str) -> str:
    return f"{rule}: {len(problems)} problem(s)\n  " + "\n  ".join(problems)


# --- the rules --------------------------------------------------------------------------------


def test_no_import_cycle_between_modules() -> None:
    cycles = find_cycles(edges(runtime_only=True))
    problems = [" -> ".join(c) for c in cycles]
    assert not problems, report(problems, "import cycles (imports that run, not TYPE_CHECKING)")


def test_pricing_never_imports_streamlit_plotly_ui_or_pages() -> None:
    problems = offenders(modules_in("pricing"), PRICING_MUST_NOT_IMPORT)
    assert not problems, report(problems, "pricing/ must stay a pure engine")


def test_ui_never_imports_pages() -> None:
    problems = offenders(modules_in("ui"), UI_MUST_NOT_IMPORT)
    assert not problems, report(problems, "imports go app_pages -> ui, never back")


def test_pages_never_import_numpy_pandas_or_defaults() -> None:
    files, _ = project()
    pages = modules_in("app_pages")
    problems = offenders(pages, PAGE_MUST_NOT_IMPORT)
    for page in sorted(pages):
        tree = ast.parse(files[page].read_text(encoding="utf-8"))
        problems += [
            f"{page} line {node.lineno}: reaches .{node.attr} through another module"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in PAGE_MUST_NOT_REACH
        ]
    assert not problems, report(problems, "pages only lay out (no numpy, pandas or defaults)")


def test_pricing_layers_import_only_downwards() -> None:
    files, _ = project()
    unplaced = [m for m in modules_in("pricing") if m != "pricing" and layer_of(m) is None]
    assert not unplaced, f"pricing modules in no layer (add them to LAYERS): {unplaced}"
    problems = upward_imports({m: t for m, t in edges().items() if within(m, "pricing")})
    assert not problems, report(problems, "a lower pricing layer imports a higher one")


def test_the_middle_layer_tools_import_each_other_without_a_cycle() -> None:
    between = group_edges(edges(), MIDDLE)
    problems = [" -> ".join(c) for c in find_cycles(between)]
    assert not problems, report(
        problems, "compare, explain, clinic and equity may use each other, but not in a circle"
    )


def test_no_pricing_module_over_500_lines() -> None:
    files, _ = project()
    long = {
        m: len(files[m].read_text(encoding="utf-8").splitlines()) for m in modules_in("pricing")
    }
    problems = [
        f"{files[m].relative_to(ROOT)}: {n} lines" for m, n in long.items() if n > MAX_PRICING_LINES
    ]
    assert not problems, report(problems, f"pricing modules over {MAX_PRICING_LINES} lines")


def test_no_page_over_300_lines() -> None:
    files, _ = project()
    long = {
        m: len(files[m].read_text(encoding="utf-8").splitlines()) for m in modules_in("app_pages")
    }
    problems = [
        f"{files[m].relative_to(ROOT)}: {n} lines" for m, n in long.items() if n > MAX_PAGE_LINES
    ]
    assert not problems, report(problems, f"pages over {MAX_PAGE_LINES} lines")


def defaults_load_calls(source: str) -> list[int]:
    """Lines that call pricing.defaults.load: `defaults.load(...)`, or `load(...)` imported from it."""
    tree = ast.parse(source)
    local_names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "pricing.defaults"
        for alias in node.names
        if alias.name == "load"
    }
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "load"
            and isinstance(func.value, ast.Name | ast.Attribute)
            and (getattr(func.value, "id", None) or getattr(func.value, "attr", None)) == "defaults"
        ) or (isinstance(func, ast.Name) and func.id in local_names):
            lines.append(node.lineno)
    return sorted(lines)


def test_no_defaults_load_outside_pricing_defaults() -> None:
    # The scope is the application (pricing/, ui/, app_pages/, dashboard.py); tests of the
    # defaults loader itself (tests/pricing/defaults/) read the raw files on purpose.
    files, _ = project()
    problems = [
        f"{files[m].relative_to(ROOT)} line {line}: defaults.load("
        for m in sorted(files)
        if not within(m, "pricing.defaults")
        for line in defaults_load_calls(files[m].read_text(encoding="utf-8"))
    ]
    assert not problems, report(problems, "parameters only through the typed accessors")


# --- the checker on synthetic graphs -----------------------------------------------------------


def test_checker_finds_a_two_module_cycle() -> None:
    assert find_cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]


def test_checker_finds_a_longer_cycle_and_a_self_import_but_not_a_chain() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_cycles({"s": {"s"}}) == [["s", "s"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_checker_finds_a_lower_layer_importing_a_higher_one() -> None:
    layers = (("low",), ("mid_a", "mid_b"), ("high",))
    graph = {"low.x": {"high.cli"}, "high.cli": {"low.x"}, "mid_a": {"mid_b"}}
    assert upward_imports(graph, layers) == [
        "low.x (layer 0: low) imports high.cli (layer 2: high)"
    ]


def test_checker_finds_a_cycle_between_packages_of_one_layer() -> None:
    graph = {"t.a.x": {"t.b.y"}, "t.b.y": {"t.b.z"}, "t.b.z": {"t.a"}, "t.c": {"t.a.x"}}
    assert find_cycles(group_edges(graph, ("t.a", "t.b", "t.c"))) == [["t.a", "t.b", "t.a"]]


def test_checker_resolves_relative_and_from_package_imports() -> None:
    known = {"pricing", "pricing.defaults", "pricing.scenario", "pricing.scenario.fill"}
    source = (
        "from pricing import defaults\n"
        "from . import fill\n"
        "from .fill import filled\n"
        "from .. import course\n"
        "def late():\n"
        "    import numpy as np\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    import pandas\n"
    )
    found = imports_of(source, "pricing.scenario", is_package=True, known=known)
    assert [(i.target, i.type_only) for i in found if i.target != "typing"] == [
        ("pricing.defaults", False),
        ("pricing.scenario.fill", False),
        ("pricing.scenario.fill", False),
        ("pricing", False),
        ("numpy", False),
        ("pandas", True),
    ]
    # A submodule read off its package runs the package's __init__ first: both are imports.
    sibling = imports_of(
        "from pricing.equity import medicare\n",
        "pricing.equity.population",
        known={"pricing.equity", "pricing.equity.medicare"},
    )
    assert [i.target for i in sibling] == ["pricing.equity.medicare", "pricing.equity"]
    assert defaults_load_calls("from pricing import defaults\ndefaults.load('x')\n") == [2]
    assert defaults_load_calls("from pricing.defaults import load as l\nl('x')\n") == [2]
