"""The README's commands work on the development stack: `make flask ARGS=...` (devstack/cli.py)
runs any `flask --app gateway` command with what `make run` uses, and `make sim` dials HOST:PORT."""

import os
import subprocess
import sys
from pathlib import Path

from gateway.ussd.dial import default_url

ROOT = Path(__file__).resolve().parents[2]


def run_cli(instance: Path, *args: str) -> subprocess.CompletedProcess:
    unset = ("REDIS_URL", "DATABASE_URL", "SECRET_KEY", "DATA_KEY")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["SAPA_INSTANCE_DIR"] = str(instance)
    return subprocess.run([sys.executable, "-m", "devstack.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_first_admin_is_made_on_a_fresh_checkout_and_its_password_reset_without_settings(tmp_path):
    made = run_cli(tmp_path, "staff", "create", "lurah", "--role", "admin", "--password", "sepuluh-huruf")
    assert made.returncode == 0, made.stderr
    assert "created admin lurah" in made.stdout
    reset = run_cli(tmp_path, "staff", "reset-password", "lurah", "--password", "sebelas-huruf")
    assert reset.returncode == 0, reset.stderr  # it ends sessions in Redis: a private one was started
    assert "new password for lurah" in reset.stdout
    assert (tmp_path / "sapa.db").exists() and not (tmp_path / "redis_url").exists()


def test_a_new_account_is_a_petugas_unless_told(tmp_path):
    made = run_cli(tmp_path, "staff", "create", "budi", "--password", "sepuluh-huruf")
    assert "created petugas budi" in made.stdout, made.stderr


def test_make_sim_dials_where_make_run_serves():
    assert default_url({}) == "http://127.0.0.1:5000/ussd"
    assert default_url({"PORT": "8123"}) == "http://127.0.0.1:8123/ussd"
    assert default_url({"HOST": "0.0.0.0", "PORT": "80"}) == "http://0.0.0.0:80/ussd"
