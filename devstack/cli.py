"""`make flask ARGS="staff create lurah --role admin"`: run a `flask --app gateway ...` command on
the development stack, with the settings `make run` uses (its database, keys and Redis).

While `make run` runs, the command uses its Redis (the address is left in instance/redis_url);
otherwise a private Redis is started for the command and stopped after it.
"""

import os
import subprocess
import sys
from pathlib import Path

from .__main__ import ROOT, development_environment
from .redis_server import EmbeddedRedis

REDIS_URL_FILE = "redis_url"  # written by `make run` while its embedded Redis serves


def main(argv: list[str] | None = None) -> int:
    instance = Path(os.environ.get("SAPA_INSTANCE_DIR", ROOT / "instance"))
    instance.mkdir(parents=True, exist_ok=True)
    env, _ = development_environment(instance, start_redis=False)
    running = instance / REDIS_URL_FILE
    private = None
    if not env.get("REDIS_URL"):
        if running.exists():
            env["REDIS_URL"] = running.read_text().strip()
        else:
            private = EmbeddedRedis().start()
            env["REDIS_URL"] = private.url
    args = sys.argv[1:] if argv is None else argv
    flask = [sys.executable, "-m", "flask", "--app", "gateway"]
    try:
        # As `make run` does first: the schema up to date, so a command works on a fresh checkout too.
        upgraded = subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, text=True,
                                  capture_output=True)
        if upgraded.returncode:
            print(upgraded.stderr or upgraded.stdout, file=sys.stderr)
            return upgraded.returncode
        return subprocess.run([*flask, *args], env=env, cwd=ROOT).returncode
    finally:
        if private:
            private.stop()


if __name__ == "__main__":
    sys.exit(main())
