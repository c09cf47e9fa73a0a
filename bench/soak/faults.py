"""The four faults, each with the seconds it took the service to recover after it ended."""

import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.messages import MessageStatus, OutboundSms

from .stack import Stack

FINAL = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED)
LIMIT = 120.0  # give up waiting for a recovery after this long (the check then fails)


def wait(condition: Callable[[], bool], limit: float = LIMIT) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if condition():
            return round(time.monotonic() - started, 1)
        time.sleep(0.25)
    return None


def answers_hops(stack: Stack) -> bool:
    try:
        response = requests.post(f"{stack.base_url}/ussd?token={stack.token}", timeout=5, data={
            "sessionId": f"probe-{time.monotonic_ns()}", "serviceCode": "*384*123#",
            "phoneNumber": "+6281100000001", "text": ""})
        return response.status_code == 200 and response.text.startswith("CON ")
    except requests.RequestException:
        return False


def kill_a_worker_mid_send(stack: Stack) -> dict:
    """Hold the provider's answers until a send is in flight, SIGKILL the worker sending it (and its
    work horse, under `--fork`), and time until the message it carried is sent by another."""
    provider = stack.provider
    provider.held.clear()
    provider.release.clear()
    provider.holding = True
    try:
        wait(lambda: bool(provider.held) and stack.sending_worker() is not None, 30)
        found = stack.sending_worker()
        if found is None:
            return {"recovery_s": None, "detail": "no send was in flight within 30 s"}
        for process in found:
            process.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        time.sleep(0.3)  # the kernel closes the dead sender's connection
    finally:
        provider.holding = False
        provider.release.set()
    wait(lambda: bool(provider.dropped), 5)
    dropped, engine = list(provider.dropped), stack.engine()

    def settled() -> bool:
        """The messages the dead worker carried are sent (or refused for good) by another."""
        with Session(engine) as session:
            statuses = session.scalars(select(OutboundSms.status).where(OutboundSms.phone.in_(dropped))).all()
        return bool(statuses) and all(s in FINAL for s in statuses)

    done = wait(settled)
    engine.dispose()
    return {"recovery_s": round(time.monotonic() - killed, 1) if done is not None else None,
            "detail": f"worker pid {found[-1].pid} killed mid-send; {len(dropped)} "
                      "message(s) in flight, settled by a live worker"}


def restart_redis(stack: Stack, down: float) -> dict:
    """Stop Redis (SIGTERM: it writes its append-only file), keep it down, start it again."""
    stack.redis.stop()
    time.sleep(down)
    stack.redis.start()
    recovery = wait(lambda: stack.ready() and answers_hops(stack))
    return {"recovery_s": recovery, "detail": f"Redis down {down:.0f} s, restarted on its append-only file"}


def cut_the_database(stack: Stack, down: float) -> dict:
    """Drop every connection to PostgreSQL and refuse new ones for a while."""
    stack.proxy.cut()
    time.sleep(down)
    stack.proxy.restore()
    return {"recovery_s": wait(stack.ready), "detail": f"database unreachable {down:.0f} s"}


def make_the_provider_fail(stack: Stack, down: float) -> dict:
    """Answer every send with HTTP 500 for a while; time until what waited for a retry is sent."""
    stack.provider.failing = True
    time.sleep(down)
    stack.provider.failing = False
    ended, engine = datetime.now(UTC), stack.engine()

    def retried() -> bool:
        """Every message that met the failure (created before it ended, tried already) is through."""
        with Session(engine) as session:
            waiting = session.scalar(select(OutboundSms.id).where(
                OutboundSms.status.in_([MessageStatus.QUEUED, MessageStatus.SENDING]),
                OutboundSms.attempts >= 1, OutboundSms.created_at < ended).limit(1))
        return waiting is None

    recovery = wait(retried)
    engine.dispose()
    return {"recovery_s": recovery,
            "detail": f"provider answered 500 for {down:.0f} s ({stack.provider.refused_500} request(s))"}
