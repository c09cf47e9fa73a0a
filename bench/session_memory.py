"""Bytes of Redis a live USSD session costs, with 10,000 of them, keys and encryption included.

    make bench-memory   (or: .venv/bin/python bench/session_memory.py [--sessions 10000])

Each session walks root -> services -> requirements through the real app (a new phone each, as in
a notice rush) and stays there, as a dropped call leaves it: its session key, and its phone's resume
snapshot. The same sessions are then written again as the release before stored them (Fernet over
plain JSON, same keys and expiries) for comparison. Redis is private (a Unix socket), flushed between.
"""

import argparse
import json
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from http_hops import machine  # noqa: E402

from devstack.redis_server import EmbeddedRedis  # noqa: E402
from gateway import create_app  # noqa: E402
from gateway.bootstrap import read_settings  # noqa: E402
from gateway.services import services_of  # noqa: E402
from gateway.store.phones import mirror_languages  # noqa: E402
from gateway.store.schema import upgrade  # noqa: E402
from gateway.store.sessions import SESSION_TTL  # noqa: E402
from gateway.store.vault import new_data_key  # noqa: E402


def used(client) -> int:
    return client.info("memory")["used_memory"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    count = parser.parse_args().sessions
    server = EmbeddedRedis().start()
    folder = tempfile.mkdtemp(prefix="sapa-bench-")
    app = create_app(read_settings({"SAPA_ENV": "development", "REDIS_URL": server.url,
                                    "DATABASE_URL": f"sqlite:///{folder}/bench.db",
                                    "SECRET_KEY": secrets.token_urlsafe(32), "DATA_KEY": new_data_key()}))
    services = services_of(app)
    upgrade(services.database)
    client, redis = app.test_client(), services.redis
    mirror_languages(services.database, redis, services.phone_keys)
    empty = used(redis)
    sessions = []
    for n in range(count):
        session_id, phone = f"ATUid_{secrets.token_hex(16)}", f"+62815{n:08d}"
        for text in ("", "1", "1*2"):
            body = client.post("/ussd", data={"sessionId": session_id, "phoneNumber": phone,
                                              "serviceCode": "*384*123#", "text": text}).text
        assert body.startswith("CON Syarat SKTM"), body
        sessions.append((session_id, phone))
    now = used(redis) - empty
    session_key = f"sapa:ussd:{sessions[0][0]}"
    resume_key = f"{services.phone_keys(sessions[0][1])}:resume"
    sizes = {"session": len(redis.get(session_key)), "resume": len(redis.get(resume_key))}
    usage = {"session": redis.memory_usage(session_key), "resume": redis.memory_usage(resume_key)}
    with redis.pipeline(transaction=False) as pipe:  # as if every call had ended: no snapshots
        for _, phone in sessions:
            pipe.get(f"{services.phone_keys(phone)}:resume")
        snapshots = pipe.execute()
    with redis.pipeline(transaction=False) as pipe:
        for _, phone in sessions:
            pipe.delete(f"{services.phone_keys(phone)}:resume")
        pipe.execute()
    sessions_only = used(redis) - empty
    # The release before: Fernet tokens of the plain JSON, under the same keys and expiries.
    loaded = [services.sessions.load(session_id, phone) for session_id, phone in sessions]
    resume_seconds = 300
    assert all(snapshots)
    redis.flushdb()
    mirror_languages(services.database, redis, services.phone_keys)
    empty = used(redis)
    with redis.pipeline(transaction=False) as pipe:
        for (session_id, phone), value in zip(sessions, loaded, strict=True):
            sealed = services.vault.encrypt(json.dumps(value.session))
            pipe.set(f"sapa:ussd:{session_id}", sealed, ex=SESSION_TTL)
            pipe.set(f"{services.phone_keys(phone)}:resume",
                     services.vault.encrypt(json.dumps(value.session["state"])), ex=resume_seconds)
        pipe.execute()
    before = used(redis) - empty
    old_sizes = {"session": len(redis.get(session_key)), "resume": len(redis.get(resume_key))}
    redis.delete(*(f"{services.phone_keys(phone)}:resume" for _, phone in sessions))
    before_sessions_only = used(redis) - empty
    print(f"Machine: {machine(server.url)}")
    print(f"Command: .venv/bin/python bench/session_memory.py --sessions {count}\n")
    print("| stored as | value bytes: session, resume snapshot | Redis per session: with its snapshot "
          "| session key alone |")
    print("| --- | --- | --- | --- |")
    print(f"| before: Fernet over JSON | {old_sizes['session']}, {old_sizes['resume']} | "
          f"{before / count:,.0f} B | {before_sessions_only / count:,.0f} B |")
    print(f"| now: AES-GCM over deflated compact JSON | {sizes['session']}, {sizes['resume']} | "
          f"{now / count:,.0f} B | {sessions_only / count:,.0f} B |")
    print(f"\nMEMORY USAGE of one key now: session {usage['session']} B, resume snapshot {usage['resume']} B "
          f"(a session that ends, or never goes past the first screen, has no snapshot)")
    print(f"{count:,} live sessions now: {now / 2**20:.1f} MiB of Redis (before: {before / 2**20:.1f} MiB)")
    services.close()
    server.stop()


if __name__ == "__main__":
    main()
