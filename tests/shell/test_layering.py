"""The dependency rule holds in the tree, and the check catches each kind of breach."""

import re
from pathlib import Path

import pytest

from tests.shell.layers import ROOT, breaches, sources

MAX_LINES = 200  # about; a module that grows past this becomes a package


def test_the_tree_keeps_the_dependency_rule():
    assert breaches(sources()) == []


@pytest.mark.parametrize(("module", "source", "named"), [
    ("gateway.store.phones", "from ..ussd import hop\n", "a shell imports upward from a room"),
    ("gateway.store.phones", "from gateway import create_app\n", "imports upward from a entry point"),
    ("menus.engine", "from gateway.jobs import Jobs\n", "a menus imports upward from a shell"),
    ("gateway.sms.views", "import workers.jobs\n", "only workers/ may import workers/"),
    ("gateway.staff.notices", "from ..sms import batches\n", "one room imports another"),
    ("gateway.sms.sending", "def f():\n    from ..jobs import Jobs\n", "inside a function"),
    ("gateway.cache", "import redis\n", "gateway.cache: has no layer"),
])
def test_the_check_names_each_kind_of_breach(module, source, named):
    tree = {**sources(), module: source}
    assert any(named in line for line in breaches(tree)), breaches(tree)


def test_the_check_finds_a_cycle():
    # effects imports store.messages: make store.messages import effects
    tree = {**sources(), "gateway.store.messages": "from ..effects import apply_effects\n"}
    cycles = [line for line in breaches(tree) if line.startswith("import cycle:")]
    assert any("gateway.effects" in line and "gateway.store.messages" in line for line in cycles), cycles


def test_no_module_in_gateway_or_workers_is_over_about_200_lines():
    paths = [path for folder in ("gateway", "workers") for path in (ROOT / folder).rglob("*.py")]
    long = {str(p.relative_to(ROOT)): n for p in paths if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_no_file_name_prefix_stands_in_for_a_folder():
    prefixed = {}
    for folder in [ROOT / "gateway", *(p for p in (ROOT / "gateway").rglob("*") if p.is_dir())]:
        for path in Path(folder).glob("*_*.py"):
            prefixed.setdefault((folder, path.name.split("_")[0]), []).append(path.name)
    assert {k: v for k, v in prefixed.items() if len(v) > 1} == {}


def test_every_job_the_gateway_names_exists_in_workers():
    import workers.jobs
    named = re.findall(r'"workers\.jobs\.(\w+)"', (ROOT / "gateway" / "jobs" / "queue.py").read_text())
    assert named and all(callable(getattr(workers.jobs, name, None)) for name in named)
