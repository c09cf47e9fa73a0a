"""`make run`: Redis (embedded unless REDIS_URL is set), SQLite (unless DATABASE_URL is set),
the schema, gunicorn on PORT and one RQ worker. Ctrl-C or SIGTERM stops all of them."""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from gateway.bootstrap import read_settings
from gateway.errors import SettingsError
from gateway.store.vault import new_data_key
from gateway.whatsapp.config import REQUIRED as WHATSAPP_SETTINGS

from .redis_server import EmbeddedRedis

ROOT = Path(__file__).resolve().parents[1]


def development_environment(instance: Path) -> tuple[dict, EmbeddedRedis | None]:
    """Fill in what a developer's machine lacks; start an embedded Redis when REDIS_URL is unset."""
    env = dict(os.environ)
    env.setdefault("SAPA_ENV", "development")
    env.setdefault("DATABASE_URL", f"sqlite:///{instance / 'sapa.db'}")
    if not env.get("SECRET_KEY"):
        key_file = instance / "secret_key"  # kept so sessions survive a restart; never committed
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(32))
            key_file.chmod(0o600)
        env["SECRET_KEY"] = key_file.read_text().strip()
    if not env.get("DATA_KEY"):
        key_file = instance / "data_key"  # development only: production sets DATA_KEY itself
        if not key_file.exists():
            key_file.write_text(new_data_key())
            key_file.chmod(0o600)
        env["DATA_KEY"] = key_file.read_text().strip()
    redis_server = None
    if not env.get("REDIS_URL"):
        redis_server = EmbeddedRedis().start()  # a short temp path: socket paths max ~100 chars
        env["REDIS_URL"] = redis_server.url
    return env, redis_server


def channels(settings) -> str:
    """Say which channels this run serves: WhatsApp only when its settings are present."""
    if settings.sections.get("whatsapp"):
        return "Serving USSD, SMS and WhatsApp (/whatsapp)."
    return f"Serving USSD and SMS; WhatsApp is off (set {', '.join(WHATSAPP_SETTINGS)} to serve it)."


def main() -> int:
    instance = Path(os.environ.get("SAPA_INSTANCE_DIR", ROOT / "instance"))
    instance.mkdir(parents=True, exist_ok=True)
    env, redis_server = development_environment(instance)
    port, host = env.get("PORT", "5000"), env.get("HOST", "127.0.0.1")
    children: list[subprocess.Popen] = []
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        try:  # say what is wrong in one message, before anything starts
            settings = read_settings(env)
        except SettingsError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(channels(settings), flush=True)
        subprocess.run([sys.executable, "-m", "flask", "--app", "gateway", "db", "upgrade"],
                       env=env, cwd=ROOT, check=True)
        children.append(subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}", "--workers", "2",
             "--access-logfile", "-", "gateway:create_app()"], env=env, cwd=ROOT))
        children.append(subprocess.Popen([sys.executable, "-m", "workers"], env=env, cwd=ROOT))
        print(f"Sapa is running: http://{host}:{port}/healthz  (try it: make sim; stop: Ctrl-C)",
              flush=True)
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.2)
        failed = [child.args[2] for child in children if child.poll() not in (None, 0)]
        if failed and not stopping:
            print(f"stopping: {', '.join(failed)} exited", file=sys.stderr)
            return 1
        return 0
    except subprocess.CalledProcessError:
        print("stopping: the database schema could not be brought up to date", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
        if redis_server:
            redis_server.stop()


if __name__ == "__main__":
    sys.exit(main())
