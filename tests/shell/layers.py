"""Read the import graph of Sapa's sources and say where it breaks the dependency rule.

Layers, lowest first: menus (the pure core) < the shared shell (gateway's errors, settings, services,
providers, jobs, effects, limits, quiet_hours, notify, store/, web/) < the rooms (gateway/ops, ussd,
sms, staff, whatsapp) < the entry points (gateway/__init__.py, gateway/bootstrap.py, workers/,
devstack/). A module imports from its own layer or lower; a room imports no other room; nothing but
workers/ imports workers/; every import stands at module level (one inside a function hides a cycle);
there is no cycle.
"""

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("menus", "gateway", "workers", "devstack")
SHELL = {"gateway.errors", "gateway.settings", "gateway.services", "gateway.providers",
         "gateway.effects", "gateway.limits", "gateway.quiet_hours", "gateway.notify", "gateway.logs",
         "gateway.metrics", "gateway.backoff"}
SHELL_PACKAGES = ("gateway.store", "gateway.web", "gateway.jobs")
ROOMS = ("gateway.ops", "gateway.ussd", "gateway.sms", "gateway.staff", "gateway.whatsapp")
ENTRY = {"gateway", "gateway.bootstrap"}
LAYER_NAMES = {0: "menus", 1: "shell", 2: "room", 3: "entry point"}


def sources(root: Path = ROOT) -> dict[str, str]:
    """Every first-party module's source, by dotted name (a package by its own name)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path.read_text(encoding="utf-8")
    return found


def layer(module: str) -> int | None:
    """The module's layer, or None when it has no place (a new module must be given one)."""
    if module == "menus" or module.startswith("menus."):
        return 0
    if module in SHELL or any(module == p or module.startswith(f"{p}.") for p in SHELL_PACKAGES):
        return 1
    if room(module):
        return 2
    if module in ENTRY or module.split(".")[0] in ("workers", "devstack"):
        return 3
    return None


def room(module: str) -> str | None:
    return next((r for r in ROOMS if module == r or module.startswith(f"{r}.")), None)


def imports(name: str, source: str, modules: Iterable[str]) -> list[tuple[str, int, bool]]:
    """(imported first-party module, line, at module level) for each import in `source`."""
    known, found = set(modules), []
    is_package = any(m.startswith(f"{name}.") for m in known) or name in PACKAGES
    tree = ast.parse(source)
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, is_package, node.module, node.level)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for target in targets:
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known:
                found.append((target, node.lineno, id(node) in top))
    return found


def _absolute(name: str, is_package: bool, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = name.split(".") if is_package else name.split(".")[:-1]
    parts = parts[:len(parts) - (level - 1)]
    return ".".join([*parts, *([module] if module else [])])


def breaches(modules: Mapping[str, str]) -> list[str]:
    """Every import that breaks the rule, and every cycle; an empty list when the tree is sound."""
    found, graph = [], {}
    for name, source in modules.items():
        own = layer(name)
        if own is None:
            found.append(f"{name}: has no layer; place it in tests/shell/layers.py")
            continue
        graph[name] = set()
        for target, line, at_top in imports(name, source, modules):
            where = f"{name}:{line} imports {target}"
            if not at_top:
                found.append(f"{where} inside a function (an import hidden to dodge a cycle)")
            if target.split(".")[0] == "workers" and name.split(".")[0] != "workers":
                found.append(f"{where}: only workers/ may import workers/")
            theirs = layer(target)
            if theirs is not None and theirs > own:
                found.append(f"{where}: a {LAYER_NAMES[own]} imports upward from a {LAYER_NAMES[theirs]}")
            if own == theirs == 2 and room(name) != room(target):
                found.append(f"{where}: one room imports another")
            if at_top and target != name:
                graph[name].add(target)
    found += [f"import cycle: {' -> '.join(cycle)}" for cycle in _cycles(graph)]
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups
