"""docker-compose.yml and the Dockerfile name modules and files that exist (no Docker engine here)."""

import importlib.util
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_web_worker_redis_and_database():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert set(compose["services"]) == {"web", "worker", "redis", "db"}
    assert compose["services"]["worker"]["command"] == ["python", "-m", "workers"]
    assert importlib.util.find_spec("workers.__main__") is not None


def test_compose_sets_every_setting_production_requires():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    names = set(compose["x-sapa-env"])
    assert {"REDIS_URL", "DATABASE_URL", "SECRET_KEY", "CALLBACK_TOKEN", "SMS_PROVIDER",
            "AT_USERNAME", "AT_API_KEY"} <= names


def test_the_image_copies_every_package_it_runs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for folder in re.findall(r"^COPY (\w+) ", dockerfile, re.M):
        assert (ROOT / folder).is_dir(), folder
    assert {"gateway", "menus", "workers", "migrations"} <= set(re.findall(r"^COPY (\w+) ", dockerfile, re.M))
