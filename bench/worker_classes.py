"""Jobs a second for each way of running RQ workers: the forking worker Sapa ran, the simple (no
fork) worker, and rq's WorkerPool of two of either; with a trivial job and with a real send.

    make bench-workers   (or: .venv/bin/python bench/worker_classes.py [--jobs 300])

Each kind drains the same queue of jobs in burst mode in its own process. The rate counts from the
first job's start to the last job's end (RQ records both), so start-up is left out. The real send
is workers.jobs.send_message: claim the row, the Africa's Talking SDK to the test suite's stand-in
(no added latency: the cost is the worker's), record the receipt.
"""

import argparse
import logging
import os
import resource
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from rq import Queue
from rq.registry import FinishedJobRegistry
from rq.worker_pool import WorkerPool
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from http_hops import loopback_redis, machine  # noqa: E402

from gateway.bootstrap import bootstrap, read_settings  # noqa: E402
from gateway.jobs import SEND_MESSAGE  # noqa: E402
from gateway.store.messages import Purpose, record_many  # noqa: E402
from gateway.store.vault import new_data_key  # noqa: E402
from tests.support.provider_stand_in import ProviderStandIn  # noqa: E402
from workers.worker import SapaSimpleWorker, SapaWorker, make_worker  # noqa: E402

KINDS = {"fork": "SapaWorker (forks a work horse per job)", "simple": "SapaSimpleWorker (no fork)",
         "pool-simple": "WorkerPool of 2 SapaSimpleWorker", "pool-fork": "WorkerPool of 2 SapaWorker"}


class _BootstrappedMixin:
    """WorkerPool builds workers itself, without our services: each builds its own at start."""

    def __init__(self, queues, **kwargs):
        super().__init__(queues, services=bootstrap(read_settings()), **kwargs)


class PoolSimpleWorker(_BootstrappedMixin, SapaSimpleWorker):
    pass


class PoolForkWorker(_BootstrappedMixin, SapaWorker):
    pass


def drain(kind: str) -> None:
    """Run in a child process: work the queue empty with one kind of worker."""
    logging.basicConfig(level=logging.WARNING)
    if kind.startswith("pool"):
        services = bootstrap(read_settings())
        pool = WorkerPool(["default"], connection=services.redis, num_workers=2,
                          worker_class=PoolSimpleWorker if kind == "pool-simple" else PoolForkWorker)
        pool.start(burst=True, logging_level="WARNING")
        return
    services = bootstrap(read_settings())
    make_worker(services, SapaSimpleWorker if kind == "simple" else SapaWorker).work(
        burst=True, logging_level="WARNING")


def rate(queue: Queue) -> tuple[int, float]:
    jobs = [queue.fetch_job(job_id) for job_id in FinishedJobRegistry(queue=queue).get_job_ids()]
    began = min(job.started_at for job in jobs)
    ended = max(job.ended_at for job in jobs)
    return len(jobs), len(jobs) / (ended - began).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--drain", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drain:
        drain(args.drain)
        return
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="sapa-bench-"))
    with loopback_redis(folder) as redis_url, ProviderStandIn() as stand_in:
        env = {**os.environ, "SAPA_ENV": "development", "REDIS_URL": redis_url,
               "DATABASE_URL": f"sqlite:///{folder}/bench.db", "SECRET_KEY": secrets.token_urlsafe(32),
               "DATA_KEY": new_data_key(), "SMS_PROVIDER": "africastalking", "AT_USERNAME": stand_in.username,
               "AT_API_KEY": stand_in.api_key, "AT_API_BASE_URL": stand_in.url, "QUIET_HOURS": "off",
               "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}"}
        subprocess.run([sys.executable, "-m", "flask", "--app", "gateway", "db", "upgrade"], env=env,
                       cwd=ROOT, check=True, capture_output=True)
        services = bootstrap(read_settings(env))
        queue = Queue("default", connection=services.redis)
        print(f"Machine: {machine(redis_url)}")
        print(f"Command: .venv/bin/python bench/worker_classes.py --jobs {args.jobs}\n")
        print("| worker | trivial jobs/s (CPU a job) | real sends/s (CPU a job) |\n| --- | --- | --- |")
        for n, (kind, label) in enumerate(KINDS.items()):
            services.redis.flushdb()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, __file__, "--drain", kind], env=env, cwd=ROOT, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            start_up = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime  # no jobs
            figures = []
            for job in ("noop", "send"):
                services.redis.flushdb()
                if job == "noop":
                    for _ in range(args.jobs):  # a function every worker has imported already
                        queue.enqueue("operator.truth", 1)
                else:
                    with Session(services.database) as db, db.begin():
                        ids = record_many(db, [(f"+62814{n}{i:07d}", f"bench:{kind}:{i}")
                                               for i in range(args.jobs)], "Tes", Purpose.REPLY)
                    for message_id, _ in ids:
                        queue.enqueue(SEND_MESSAGE, message_id)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run([sys.executable, __file__, "--drain", kind], env=env, cwd=ROOT, check=True)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                done, per_second = rate(queue)
                assert done == args.jobs, f"{kind}: {done} of {args.jobs} jobs finished"
                # CPU per job (worker and work horses, less an empty run's start-up) holds still when
                # other work shares the cores; jobs/s does not.
                used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                cpu = (used - start_up) / done * 1000
                figures.append(f"{per_second:,.0f} ({cpu:.0f} ms CPU)")
            print(f"| {label} | {' | '.join(figures)} |")
        services.close()


if __name__ == "__main__":
    main()
