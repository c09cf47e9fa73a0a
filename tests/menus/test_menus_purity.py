"""The menus package is pure: no I/O libraries, environment or clock."""

import ast
import pathlib
import subprocess
import sys

MENUS = pathlib.Path(__file__).resolve().parents[2] / "menus"
# (urllib.parse is left out: pathlib imports it to build file URIs; it does no I/O.)
FORBIDDEN_MODULES = ["flask", "redis", "rq", "requests", "sqlalchemy", "africastalking",
                     "socket", "http", "subprocess"]


def test_importing_menus_loads_no_io_library():
    code = (
        "import sys, menus, menus.resources; "
        f"bad = [m for m in {FORBIDDEN_MODULES!r} if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=MENUS.parent, check=True,
                         capture_output=True, text=True).stdout.strip()
    assert out == ""


def test_menus_source_reads_no_environment_or_clock():
    findings = []
    for path in MENUS.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "now",
                                                                 "time", "today", "utcnow"}:
                findings.append(f"{path.name}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.Name) and node.id == "open":
                findings.append(f"{path.name}:{node.lineno} open()")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                findings += [f"{path.name}:{node.lineno} import {n}" for n in names
                             if n.split(".")[0] in {"os", "time", "random", "secrets", *FORBIDDEN_MODULES}]
    assert findings == []
