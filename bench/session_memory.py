"""Bytes of Redis a live USSD session costs, with 10,000 of them, keys and encryption included.

    make bench-memory   (or: .venv/bin/python bench/session_memory.py [--sessions 10000])

Each session walks root -> services -> requirements through the real app (a new phone each, as in
a notice rush) and stays there, as a dropped call leaves it, to be offered on the next dial. The same
sessions are then written as the two releases before stored them (a session key and a resume
snapshot key each) for comparison. Redis is private (a Unix socket), flushed between.
"""

import argparse
import json
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from http_hops import machine  # noqa: E402

from devstack.redis_server import EmbeddedRedis  # noqa: E402
from gateway import create_app  # noqa: E402
from gateway.bootstrap import read_settings  # noqa: E402
from gateway.services import services_of  # noqa: E402
from gateway.store.packing import compact_state  # noqa: E402
from gateway.store.phones import mirror_languages  # noqa: E402
from gateway.store.schema import upgrade  # noqa: E402
from gateway.store.sessions import SESSION_TTL  # noqa: E402
from gateway.store.vault import new_data_key  # noqa: E402
from menus import Context, handle  # noqa: E402

RESUME_SECONDS = 300  # the default SESSION_RESUME_SECONDS


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
    phone_key = f"{services.phone_keys(sessions[0][1])}:ussd"
    size, usage = len(redis.get(phone_key)), redis.memory_usage(phone_key)
    loaded = [services.sessions.load("ATUid_next_dial", phone, time.time()) for _, phone in sessions]
    assert all(value.snapshot for value in loaded)  # every one would be offered to resume
    # The releases before: a session key under the provider's session id and, beside it, the phone's
    # resume snapshot; sealed and deflated (the release before), or Fernet over plain JSON (before it).
    states = [value.snapshot for value in loaded]
    rows = {}
    for name, seal in (("release before: AES-GCM over deflated compact JSON, two keys", sealed_as_before),
                       ("two releases back: Fernet over JSON, two keys", fernet_as_before)):
        redis.flushdb()
        mirror_languages(services.database, redis, services.phone_keys)
        empty = used(redis)
        with redis.pipeline(transaction=False) as pipe:
            for (session_id, phone), state in zip(sessions, states, strict=True):
                session_key, resume_key = f"sapa:ussd:{session_id}", f"{services.phone_keys(phone)}:resume"
                pipe.set(session_key, seal(services, session_key, state, "1*2"), ex=SESSION_TTL)
                pipe.set(resume_key, seal(services, resume_key, state), ex=RESUME_SECONDS)
            pipe.execute()
        rows[name] = (used(redis) - empty, len(redis.get(session_key)) + len(redis.get(resume_key)))
    print(f"Machine: {machine(server.url)}")
    print(f"Command: .venv/bin/python bench/session_memory.py --sessions {count}\n")
    print("| stored as | value bytes | Redis per session, its resume offer included |")
    print("| --- | --- | --- |")
    for name, (total, value_bytes) in rows.items():
        print(f"| {name} | {value_bytes} | {total / count:,.0f} B |")
    print(f"| now: AES-GCM over deflated compact JSON, one key a phone | {size} | {now / count:,.0f} B |")
    print(f"\nMEMORY USAGE of one phone's key now: {usage} B. {count:,} live sessions: "
          f"{now / 2**20:.1f} MiB of Redis")
    services.close()
    server.stop()


def sealed_as_before(services, key: str, state: dict, text: str | None = None) -> bytes:
    """A session (with its text) or a snapshot (without) as the release before packed them."""
    screen = handle_screen(services, state)
    value = [text, screen, False, compact_state(state), None] if text is not None else compact_state(state)
    return services.sessions.packer.pack(value, key)


def fernet_as_before(services, key: str, state: dict, text: str | None = None) -> bytes:
    value = {"text": text, "screen": handle_screen(services, state), "ends": False, "state": state,
             "snapshot": None} if text is not None else state
    return services.vault.encrypt(json.dumps(value)).encode()


def handle_screen(services, state: dict) -> str:
    """The screen a state shows (the requirements of SKTM in this bench)."""
    ctx = Context(services.catalog, services.texts, lang=state["lang"])
    return handle(state, "x", ctx).screen.split("\n", 1)[1]  # without the "wrong choice" line


if __name__ == "__main__":
    main()
