"""Sapa's USSD hop against the floor (Flask + one Redis GET and SET), side by side under load.

    make bench-http      (or: .venv/bin/python bench/http_hops.py [--rounds 3] [--seconds 10])

Both apps run under the same gunicorn settings (-w 2, sync workers) against one Redis this script
starts on loopback (never the machine's shared 6379). wrk drives them in alternating rounds
(Sapa, floor, Sapa, floor...) with bench/hops.lua: fresh session ids and phone numbers, walking
root -> services -> requirements. Prints each round, the medians, the ratio of each adjacent pair
and the machine. Needs wrk (Debian: apt-get install wrk).
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from importlib import metadata
from pathlib import Path

import psutil
import redis

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devstack.redis_server import redis_binary  # noqa: E402
from gateway.bootstrap import bootstrap, read_settings  # noqa: E402
from gateway.store.phones import mirror_languages  # noqa: E402
from gateway.store.vault import new_data_key  # noqa: E402

TOKEN = "bench-callback-token-0123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port} after {timeout} s")


def cpu_seconds(master: subprocess.Popen) -> float:
    """CPU time (user + system) a gunicorn master and its workers have used so far."""
    total = 0.0
    for proc in [psutil.Process(master.pid), *psutil.Process(master.pid).children()]:
        times = proc.cpu_times()
        total += times.user + times.system
    return total


def resident_mib(master: subprocess.Popen) -> str:
    """Resident memory of a gunicorn master's workers, in MiB."""
    workers = psutil.Process(master.pid).children()
    return ", ".join(f"{w.memory_info().rss / 2**20:.0f}" for w in workers) + " MiB"


@contextmanager
def process(args: list[str], env: dict | None = None, cwd: Path = ROOT, log: Path | None = None):
    with open(log or os.devnull, "ab") as err:
        child = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                                 stderr=err if log else None)
    try:
        yield child
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@contextmanager
def loopback_redis(folder: Path):
    """A private redis-server on a loopback TCP port, as Redis is reached in a deployment."""
    port = free_port()
    with process([redis_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                  "--appendonly", "no", "--dir", str(folder), "--loglevel", "warning"]):
        wait_for(port)
        yield f"redis://127.0.0.1:{port}/0"


def gunicorn(app: str, port: int, workers: int, env: dict, pythonpath: str = ".") -> list[str]:
    return [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--worker-class", "sync", "--pythonpath", pythonpath, "--log-level", "warning",
            "--no-control-socket", app]


def run_wrk(url: str, seconds: int, connections: int, run: int, check_sapa: bool, rate: int = 0) -> dict:
    """Run wrk with bench/hops.lua; `rate` paces it to about that many hops a second (0: flat out)."""
    env = {**os.environ, "HOPS_CHECK_SAPA": "1" if check_sapa else "0"}
    if rate:
        env["HOPS_DELAY_MS"] = str(round(connections * 1000 / rate))
    out = subprocess.run(["wrk", f"-t{connections}", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "-s", str(ROOT / "bench/hops.lua"), url, "--", str(run)],
                         env=env, capture_output=True, text=True, check=True).stdout
    result = json.loads(re.search(r"^RESULT (.*)$", out, re.M).group(1))
    result["rps"] = result["requests"] / result["seconds"]
    return result


def machine(redis_url: str) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    server = redis.Redis.from_url(redis_url).info("server")["redis_version"]
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    versions = {name: metadata.version(name) for name in ("flask", "gunicorn", "redis", "sqlalchemy")}
    return (f"{os.cpu_count()} CPU ({cpu}), {platform.system()} {platform.release()}, Python "
            f"{platform.python_version()}, load average at start {os.getloadavg()[0]:.2f}\n"
            f"redis-server {server}, {wrk.split(' [')[0]}, "
            + ", ".join(f"{k} {v}" for k, v in versions.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="pairs of runs (Sapa, then floor)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--before", type=Path, help="also run this checkout of Sapa in the rotation "
                        "(e.g. mkdir /tmp/before && git archive main | tar -x -C /tmp/before)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="sapa-bench-"))
    with ExitStack() as stack:
        redis_url = stack.enter_context(loopback_redis(folder))
        env = {**os.environ, "SAPA_ENV": "development", "REDIS_URL": redis_url,
               "DATABASE_URL": args.database_url or f"sqlite:///{folder}/bench.db",
               "SECRET_KEY": secrets.token_urlsafe(32), "DATA_KEY": new_data_key(),
               "CALLBACK_TOKEN": TOKEN, "SMS_PROVIDER": "console"}
        subprocess.run([sys.executable, "-m", "flask", "--app", "gateway", "db", "upgrade"], env=env,
                       cwd=ROOT, check=True, capture_output=True)
        services = bootstrap(read_settings(env))  # what the worker does at start: mirror the languages
        mirror_languages(services.database, services.redis, services.phone_keys)
        services.close()
        sapa_port, floor_port = free_port(), free_port()
        sapa = stack.enter_context(process(gunicorn("gateway:create_app()", sapa_port, args.workers, env),
                                           env))
        floor = stack.enter_context(process(gunicorn("floor:create_app()", floor_port, args.workers, env,
                                                     "bench"), env))
        masters = {"sapa": sapa, "floor": floor}
        urls = {"sapa": f"http://127.0.0.1:{sapa_port}/ussd?token={TOKEN}",
                "floor": f"http://127.0.0.1:{floor_port}/ussd"}
        if args.before:
            before_port = free_port()
            old = gunicorn("gateway:create_app()", before_port, args.workers, env)
            masters = {"before": stack.enter_context(process(old, env, cwd=args.before)), **masters}
            urls = {"before": f"http://127.0.0.1:{before_port}/ussd?token={TOKEN}", **urls}
        for url in urls.values():
            wait_for(int(url.split(":")[2].split("/")[0]))
        print(f"Machine: {machine(redis_url)}")
        print(f"Command: .venv/bin/python bench/http_hops.py --rounds {args.rounds} --seconds "
              f"{args.seconds} --connections {args.connections} --workers {args.workers}"
              f"{' --before ' + str(args.before) if args.before else ''}\n")
        for url in urls.values():  # warm up: imports, first connections, SQLite pages
            run_wrk(url, 2, args.connections, 99, check_sapa=False)
        rows, results = [], {name: [] for name in urls}
        for n in range(args.rounds):
            for name in urls:
                cpu_before = cpu_seconds(masters[name])
                result = run_wrk(urls[name], args.seconds, args.connections, n * 3 + list(urls).index(name),
                                 check_sapa=name != "floor")
                # CPU per hop holds still when other work shares the cores; hops/s does not.
                result["cpu_us"] = (cpu_seconds(masters[name]) - cpu_before) / result["requests"] * 1e6
                results[name].append(result)
                rows.append(f"| {n + 1} | {name} | {result['rps']:,.0f} | {result['p50_us'] / 1000:.2f} | "
                            f"{result['p99_us'] / 1000:.2f} | {result['cpu_us']:,.0f} | "
                            f"{result['socket_errors'] + result['non_2xx']} | {result['wrong_screens']} |")
        print("| round | app | hops/s | p50 ms | p99 ms | CPU µs/hop | errors | wrong screens |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        print("\n".join(rows))
        ratios = [s["rps"] / f["rps"] for s, f in zip(results["sapa"], results["floor"], strict=True)]
        cpu = [f["cpu_us"] / s["cpu_us"] for s, f in zip(results["sapa"], results["floor"], strict=True)]
        p99 = sorted(r["p99_us"] / 1000 for r in results["sapa"])
        print(f"\nSapa median {statistics.median(r['rps'] for r in results['sapa']):,.0f} hops/s, "
              f"floor median {statistics.median(r['rps'] for r in results['floor']):,.0f}/s")
        print(f"Ratio Sapa/floor per round: {', '.join(f'{r:.2f}' for r in ratios)} "
              f"(median {statistics.median(ratios):.2f}, spread {min(ratios):.2f}-{max(ratios):.2f})")
        print(f"Ratio of CPU per hop, floor/Sapa: {', '.join(f'{r:.2f}' for r in cpu)} "
              f"(median {statistics.median(cpu):.2f})")
        if args.before:
            median = {name: (statistics.median(r["rps"] for r in rs),
                             statistics.median(r["cpu_us"] for r in rs)) for name, rs in results.items()}
            print("Medians, hops/s and CPU µs a hop: " + ", ".join(
                f"{name} {rps:,.0f}/s {cpu_us:,.0f} µs" for name, (rps, cpu_us) in median.items()))
        print(f"Sapa p99: {', '.join(f'{v:.1f}' for v in p99)} ms (worst {p99[-1]:.1f} ms)")
        print(f"Worker resident memory after the run: Sapa {resident_mib(sapa)}, floor {resident_mib(floor)}")
        print(f"Load average at end: {os.getloadavg()[0]:.2f}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
