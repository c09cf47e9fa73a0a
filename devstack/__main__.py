"""`make run`: Redis (embedded unless REDIS_URL is set), SQLite (unless DATABASE_URL is set), the
schema, gunicorn on PORT, one RQ worker and, when SMS_PROVIDER=smpp, the SMPP bind process. A program
that dies is started again (devstack/supervisor.py says so on stderr); Ctrl-C or SIGTERM stops all of
them."""

import os
import secrets
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from gateway.bootstrap import read_settings
from gateway.errors import SettingsError
from gateway.store.vault import new_data_key
from gateway.whatsapp.config import REQUIRED as WHATSAPP_SETTINGS

from .redis_server import EmbeddedRedis
from .supervisor import Program, Supervisor, say

ROOT = Path(__file__).resolve().parents[1]


def development_environment(instance: Path, start_redis: bool = True) -> tuple[dict, EmbeddedRedis | None]:
    """Fill in what a developer's machine lacks; an embedded Redis (to be started) when REDIS_URL
    is unset (unless `start_redis` is False: `make demo` needs only the database and the keys), and
    an empty folder for the web processes' metrics."""
    env = dict(os.environ)
    env.setdefault("SAPA_ENV", "development")
    env.setdefault("DATABASE_URL", f"sqlite:///{instance / 'sapa.db'}")
    env["SECRET_KEY"] = env.get("SECRET_KEY") or _kept_secret(instance / "secret_key",
                                                               secrets.token_urlsafe(32))
    # Development only: production sets DATA_KEY itself, and keeps a copy offline.
    env["DATA_KEY"] = env.get("DATA_KEY") or _kept_secret(instance / "data_key", new_data_key())
    metrics = Path(env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(instance / "metrics")))
    metrics.mkdir(parents=True, exist_ok=True)  # gunicorn empties it at start (gunicorn.conf.py)
    redis_server = None
    if not env.get("REDIS_URL") and start_redis:
        # A short temp path (socket paths are limited to ~100 characters); append-only, so that a
        # redis-server that dies and is started again keeps the queue.
        redis_server = EmbeddedRedis(persist=True)
        env["REDIS_URL"] = redis_server.url
    return env, redis_server


def channels(settings) -> str:
    """Say which channels this run serves: WhatsApp only when its settings are present."""
    if settings.sections.get("whatsapp"):
        return "Serving USSD, SMS and WhatsApp (/whatsapp)."
    return f"Serving USSD and SMS; WhatsApp is off (set {', '.join(WHATSAPP_SETTINGS)} to serve it)."


def _kept_secret(path: Path, new: str) -> str:
    """Kept so that sessions and encrypted data survive a restart; never committed."""
    if not path.exists():
        path.write_text(new)
        path.chmod(0o600)
    return path.read_text().strip()


def programs(env: dict, sms_provider: str = "") -> list[Program]:
    """What `make run` keeps running besides Redis: one line each."""
    host, port = env.get("HOST", "127.0.0.1"), env.get("PORT", "5000")
    return [
        Program("web", [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}", "--workers", "2",
                        "gateway:create_app()"]),
        Program("worker", [sys.executable, "-m", "workers"]),
        # The send jobs hand their submits to it; without it SMS waits (and is retried).
        *([Program("smpp", [sys.executable, "-m", "workers.smpp"])] if sms_provider == "smpp" else []),
    ]


def main() -> int:
    instance = Path(os.environ.get("SAPA_INSTANCE_DIR", ROOT / "instance"))
    instance.mkdir(parents=True, exist_ok=True)
    env, redis_server = development_environment(instance)
    supervisor = Supervisor(env, ROOT)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        try:  # say what is wrong in one message, before anything starts
            settings = read_settings(env)
        except SettingsError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(channels(settings), flush=True)
        if redis_server:
            redis_server.folder.mkdir(parents=True, exist_ok=True)
            supervisor.add(Program("redis", redis_server.command()))
            if not redis_server.wait():
                say("the embedded redis-server did not start; stopping")
                return 1
            # `make flask ...` (devstack/cli.py) reaches this Redis while we run.
            (instance / "redis_url").write_text(redis_server.url)
        subprocess.run([sys.executable, "-m", "flask", "--app", "gateway", "db", "upgrade"],
                       env=env, cwd=ROOT, check=True)
        for program in programs(env, settings.section("sms").provider):
            supervisor.add(program)
        print(f"Sapa is running: http://{env.get('HOST', '127.0.0.1')}:{env.get('PORT', '5000')}/readyz"
              "  (try it: make sim; stop: Ctrl-C)", flush=True)
        supervisor.run(lambda: bool(stopping))
        return 0
    except subprocess.CalledProcessError:
        say("the database schema could not be brought up to date; stopping")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        supervisor.stop()
        if redis_server:
            (instance / "redis_url").unlink(missing_ok=True)
            shutil.rmtree(redis_server.folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
