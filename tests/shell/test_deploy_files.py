"""docker-compose.yml, the Dockerfile, .env.example, gunicorn.conf.py and the systemd units name what
exists and restart what dies (a structural check that always runs), and the compose tool accepts the
file (CI installs one; no Docker engine is needed to check a file)."""

import configparser
import importlib.util
import os
import re
import runpy
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
import yaml

from gateway.bootstrap import read_settings
from gateway.store.vault import new_data_key
from tests.support.gunicorn import gunicorn

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
LONG_RUNNING = ("web", "worker", "smpp", "redis", "db")
RESTART = {"smpp": "on-failure"}  # it exits 0, saying why, when SMS_PROVIDER is not smpp
UNITS = ROOT / "deploy" / "systemd"


def example_env() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
             if line and not line.startswith("#"))
    return {name: value for name, value in pairs}


def test_compose_runs_a_migration_web_workers_redis_and_database():
    assert set(SERVICES) == {"migrate", "web", "worker", "smpp", "redis", "db"}
    assert SERVICES["migrate"]["command"] == ["flask", "--app", "gateway", "db", "upgrade"]
    assert SERVICES["web"]["command"] == ["gunicorn", "gateway:create_app()"]
    assert SERVICES["worker"]["command"] == ["python", "-m", "workers"]
    assert SERVICES["smpp"]["command"] == ["python", "-m", "workers.smpp"]
    assert SERVICES["smpp"]["profiles"] == ["smpp"]  # only with SMS_PROVIDER=smpp
    assert importlib.util.find_spec("workers.__main__") and importlib.util.find_spec("workers.health")


def test_compose_restarts_what_dies_and_runs_the_migration_once_first():
    for name in LONG_RUNNING:
        assert SERVICES[name]["restart"] == RESTART.get(name, "unless-stopped"), name
        assert "healthcheck" in SERVICES[name], name
        assert "container_name" not in SERVICES[name], name  # --scale worker=N needs generated names
    assert SERVICES["migrate"]["restart"] == "no"
    for name in ("web", "worker", "smpp"):
        assert SERVICES[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert SERVICES[name]["depends_on"]["redis"] == {"condition": "service_healthy"}
    assert SERVICES["migrate"]["depends_on"]["db"] == {"condition": "service_healthy"}


def test_compose_keeps_queued_work_in_an_append_only_redis():
    assert SERVICES["redis"]["command"][:3] == ["redis-server", "--appendonly", "yes"]
    assert "redis-data:/data" in SERVICES["redis"]["volumes"]


def test_env_example_and_compose_make_a_valid_production_configuration():
    """Fill every blank in .env.example as its comments say, resolve compose's ${...}: the result
    must satisfy every check production makes at start."""
    filled = {name: value or secrets.token_urlsafe(32) for name, value in example_env().items()}
    filled["DATA_KEY"] = new_data_key()
    environment = {name: re.sub(r"\$\{(\w+)[^}]*\}", lambda m: filled[m.group(1)], value)
                   for name, value in COMPOSE["x-sapa"]["environment"].items()}
    settings = read_settings({**filled, **environment})
    assert settings.env == "production" and settings.database_url.startswith("postgresql+psycopg://sapa:")
    assert COMPOSE["x-sapa"]["env_file"] == [".env"]
    assert not (ROOT / ".env").exists() or ".env" in (ROOT / ".gitignore").read_text().split()


def test_gunicorn_answers_well_inside_the_operators_ten_seconds_with_several_workers():
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["timeout"] < 10 and conf["workers"] >= 2
    assert conf["accesslog"] is None  # callback URLs carry the token
    assert SERVICES["web"]["environment"]["PROMETHEUS_MULTIPROC_DIR"] in SERVICES["web"]["tmpfs"]


def test_the_image_copies_every_package_it_runs_and_has_pg_dump():
    dockerfile = (ROOT / "Dockerfile").read_text()
    copied = re.findall(r"^COPY (\S+) ", dockerfile, re.M)
    for path in copied:
        assert (ROOT / path).exists(), path
    assert {"gateway", "menus", "workers", "migrations", "gunicorn.conf.py"} <= set(copied)
    assert "postgresql-client" in dockerfile


@pytest.mark.parametrize("unit", ["sapa-web.service", "sapa-worker@.service", "sapa-migrate.service",
                                  "sapa-backup.service", "sapa-backup.timer", "sapa-smpp.service"])
def test_each_systemd_unit_is_named_in_the_readme_and_runs_what_exists(unit):
    parsed = configparser.ConfigParser(strict=False, interpolation=None)
    parsed.read_string((UNITS / unit).read_text())
    assert unit in (ROOT / "README.md").read_text()
    if "Service" not in parsed:
        return
    service = parsed["Service"]
    assert service["EnvironmentFile"] == "/etc/sapa/sapa.env"
    command = service["ExecStart"].split()
    module = command[command.index("-m") + 1] if "-m" in command else None
    assert module is None or importlib.util.find_spec(module), module
    if unit in ("sapa-web.service", "sapa-worker@.service", "sapa-smpp.service"):
        assert service["Restart"] == "always" and service["StartLimitIntervalSec"] == "0"


def compose_command() -> list[str] | None:
    """Compose v2 (`docker compose`) when installed, else v1 (`docker-compose`, Debian's package, which
    CI installs): both check the file against the Compose schema without a Docker engine."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_docker_compose_accepts_the_file(tmp_path):
    """The compose tool reads the file with the example settings: an unknown key, a bad type or a
    broken reference fails here. CI (SAPA_CI=1) installs the tool and fails without it."""
    command = compose_command()
    if command is None:
        if os.environ.get("SAPA_CI") == "1":
            pytest.fail("neither `docker compose` nor `docker-compose` is installed; .ci/run installs "
                        "Debian's docker-compose package")
        pytest.skip("no compose tool on this machine (apt-get install docker-compose); CI runs this")
    # A copy beside an .env of its own: the file names `.env` for its services' settings.
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / ".env").write_text("\n".join(f"{k}={v or 'x' * 40}" for k, v in example_env().items()))
    for profile in ([], ["--profile", "smpp"]):
        done = subprocess.run([*command, *profile, "config", "--quiet"], cwd=tmp_path,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def test_the_compose_check_refuses_a_broken_file(tmp_path):
    """The check above can fail: a misspelt key is refused."""
    command = compose_command()
    if command is None:
        pytest.skip("no compose tool on this machine; see test_docker_compose_accepts_the_file")
    text = (ROOT / "docker-compose.yml").read_text()
    assert "\n  env_file:" in text
    (tmp_path / "docker-compose.yml").write_text(text.replace("\n  env_file:", "\n  env_files:", 1))
    (tmp_path / ".env").write_text("\n".join(f"{k}={v or 'x' * 40}" for k, v in example_env().items()))
    done = subprocess.run([*command, "config", "--quiet"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode != 0


def test_gunicorn_writes_no_access_line_even_for_a_callback_with_its_token(environ, tmp_path, database):
    """An access line would carry the callback URL's token."""
    token = "a-callback-token-for-this-test"
    log = tmp_path / "gunicorn.log"
    with gunicorn({**environ, "CALLBACK_TOKEN": token}, log, workers=1) as url:
        form = {"sessionId": "ATUid_log", "phoneNumber": "+6281234567890", "serviceCode": "*384*123#",
                "text": ""}
        assert requests.post(f"{url}/ussd?token={token}", data=form, timeout=5).text.startswith("CON ")
    assert "Booting worker" in log.read_text()  # gunicorn's own lines are there
    assert token not in log.read_text() and "/ussd" not in log.read_text()
