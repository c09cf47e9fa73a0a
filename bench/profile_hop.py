"""A steady stream of hops to profile (fresh phones walking root -> services -> requirements), and a
summary of what py-spy saw in it.

    .venv/bin/py-spy record -r 250 --format raw -o /tmp/hop.txt -- \\
        .venv/bin/python bench/profile_hop.py [--journeys 3000] [--root CHECKOUT]
    .venv/bin/python bench/profile_hop.py --summarise /tmp/hop.txt

In-process through Flask's test client on a private Redis and SQLite, so the profile holds the app's
own work, not the HTTP server's. `--root` profiles another checkout (e.g. `git archive main`).
"""

import argparse
import secrets
import sys
import tempfile
from collections import Counter
from pathlib import Path


def summarise(path: Path, rows: int = 30) -> None:
    """Print, over the samples taken inside a request (the USSD fast path's or Flask's wsgi_app),
    the share each function is on the stack for (inclusive) and on top (self)."""
    inclusive, own, total = Counter(), Counter(), 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [f"{f.split(' (')[0]} ({f.split(' (')[1].split(':')[0].split('/')[-1]})"
                  for f in stack.split(";") if " (" in f]
        if not any(f.endswith(("wsgi_app (app.py)", "__call__ (fast_path.py)")) for f in frames):
            continue  # start-up: imports, schema, the first connections
        total += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
        own[frames[-1]] += int(count)
    print(f"{total} samples inside requests\n\n| function | on the stack | on top |\n| --- | --- | --- |")
    shown = [(f, c) for f, c in inclusive.most_common() if c < total * 0.9]  # not the harness
    for frame, count in shown[:rows]:
        print(f"| {frame} | {count / total:.0%} | {own[frame] / total:.0%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--journeys", type=int, default=3000)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--summarise", type=Path)
    parser.add_argument("--floor", action="store_true", help="the floor app (bench/floor.py) instead")
    args = parser.parse_args()
    if args.summarise:
        summarise(args.summarise)
        return
    if args.floor:
        walk_the_floor(args.journeys)
        return
    sys.path.insert(0, str(args.root))
    from devstack.redis_server import EmbeddedRedis  # noqa: PLC0415 (from the checkout under study)
    from gateway import create_app  # noqa: PLC0415
    from gateway.bootstrap import read_settings  # noqa: PLC0415
    from gateway.services import services_of  # noqa: PLC0415
    from gateway.store.schema import upgrade  # noqa: PLC0415
    from gateway.store.vault import new_data_key  # noqa: PLC0415
    server = EmbeddedRedis().start()
    folder = tempfile.mkdtemp(prefix="sapa-bench-")
    app = create_app(read_settings({"SAPA_ENV": "development", "REDIS_URL": server.url,
                                    "DATABASE_URL": f"sqlite:///{folder}/bench.db",
                                    "SECRET_KEY": secrets.token_urlsafe(32), "DATA_KEY": new_data_key()}))
    services = services_of(app)
    upgrade(services.database)
    try:
        from gateway.store.phones import mirror_languages  # noqa: PLC0415 (absent before issue 13)
        mirror_languages(services.database, services.redis, services.phone_keys)
    except ImportError:
        pass
    client = app.test_client()
    for n in range(args.journeys):
        for text in ("", "1", "1*2"):
            client.post("/ussd", data={"sessionId": f"ATUid_{n:08d}", "phoneNumber": f"+62816{n:08d}",
                                       "serviceCode": "*384*123#", "text": text})
    services.close()
    server.stop()


def walk_the_floor(journeys: int) -> None:
    """The same hops, in-process, against the floor: Flask with one Redis GET and one SET."""
    import os  # noqa: PLC0415

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from devstack.redis_server import EmbeddedRedis  # noqa: PLC0415
    server = EmbeddedRedis().start()
    os.environ["REDIS_URL"] = server.url
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from floor import create_app  # noqa: PLC0415
    client = create_app().test_client()
    for n in range(journeys):
        for text in ("", "1", "1*2"):
            client.post("/ussd", data={"sessionId": f"ATUid_{n:08d}", "phoneNumber": f"+62816{n:08d}",
                                       "serviceCode": "*384*123#", "text": text})
    server.stop()


if __name__ == "__main__":
    main()
