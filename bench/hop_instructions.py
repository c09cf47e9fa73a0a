"""Instructions a USSD hop costs in-process, counted by valgrind's callgrind: the same count whatever
else the machine is doing, so before/now/floor compare cleanly on a shared machine.

    .venv/bin/python bench/hop_instructions.py [--before CHECKOUT] [--journeys 60 180]

Each app runs bench/profile_hop.py's hops (fresh phones walking root -> services -> requirements,
through Flask's test client, on a private Redis and SQLite) twice, with two journey counts; the
difference over the extra hops is the cost of a hop without start-up. Only the Python process is
counted (not redis-server): the app's own work, as in the py-spy profile.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def instructions(args: list[str]) -> int:
    """Instructions the Python process ran for `bench/profile_hop.py args`."""
    out = Path(tempfile.mkdtemp(prefix="sapa-callgrind-")) / "callgrind.out"
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                    sys.executable, str(ROOT / "bench/profile_hop.py"), *args],
                   check=True, capture_output=True)
    return int(re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M).group(1))


def per_hop(extra: list[str], few: int, many: int) -> float:
    small = instructions(["--journeys", str(few), *extra])
    large = instructions(["--journeys", str(many), *extra])
    return (large - small) / (3 * (many - few))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="another checkout to count in the same run")
    parser.add_argument("--journeys", type=int, nargs=2, default=[60, 180])
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is missing: apt-get install valgrind")
    few, many = args.journeys
    apps = {"sapa": [], "floor": ["--floor"]}
    if args.before:
        apps = {"before": ["--root", str(args.before)], **apps}
    counts = {name: per_hop(extra, few, many) for name, extra in apps.items()}
    print(f"Command: .venv/bin/python bench/hop_instructions.py --journeys {few} {many}"
          f"{' --before ' + str(args.before) if args.before else ''}\n")
    print("| app | instructions a hop | against the floor |\n| --- | --- | --- |")
    for name, count in counts.items():
        print(f"| {name} | {count / 1e6:.2f} M | {count / counts['floor']:.2f}x |")


if __name__ == "__main__":
    main()
