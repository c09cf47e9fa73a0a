"""WhatsApp is served when its settings are present, off when none is, and start-up names every
missing one when only some are."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from devstack.__main__ import channels
from gateway.bootstrap import read_settings
from gateway.errors import SettingsError
from gateway.whatsapp.config import REQUIRED

ROOT = Path(__file__).resolve().parents[2]


def test_without_whatsapp_settings_whatsapp_is_off(environ):
    assert read_settings(environ).sections["whatsapp"] is None


def test_with_them_it_is_on_with_metas_defaults(wa_environ, graph):
    defaulted = ("WHATSAPP_API_BASE_URL", "WHATSAPP_API_VERSION")
    environ = {k: v for k, v in wa_environ.items() if k not in defaulted}
    config = read_settings(environ).section("whatsapp")
    assert config.messages_url == f"https://graph.facebook.com/v23.0/{graph.phone_number_id}/messages"
    assert config.template_languages == {"id": "id", "en": "en"}
    assert "stand-in" not in repr(config)  # the token and secrets stay out of logs


@pytest.mark.parametrize("given", ["WHATSAPP_TOKEN", "WHATSAPP_API_BASE_URL"])
def test_only_some_settings_name_every_missing_one(environ, given):
    value = "http://127.0.0.1:9" if given.endswith("URL") else "a-token"
    with pytest.raises(SettingsError) as error:
        read_settings({**environ, given: value})
    missing = [name for name in REQUIRED if name != given]
    assert all(f"{name}: required for WhatsApp" in str(error.value) for name in missing)
    assert len(error.value.problems) == len(missing)


@pytest.mark.parametrize(("name", "value", "named"), [
    ("WHATSAPP_PHONE_NUMBER_ID", "+62 811 0000", "the number's id"),
    ("WHATSAPP_API_VERSION", "23", "a Graph API version such as v23.0"),
    ("WHATSAPP_TEMPLATE_STATUS", "Status Notice", "a template name"),
    ("WHATSAPP_TEMPLATE_LANGUAGES", "id:id", "the code each language's template was approved in"),
    ("WHATSAPP_APP_SECRET", "short", "too short to be a secret"),
    ("WHATSAPP_API_BASE_URL", "graph.facebook.com", r"must be an http\(s\) URL"),
])
def test_a_wrong_value_is_named(wa_environ, name, value, named):
    with pytest.raises(SettingsError, match=named):
        read_settings({**wa_environ, name: value})


def test_english_templates_may_be_approved_under_another_code(wa_environ):
    settings = read_settings({**wa_environ, "WHATSAPP_TEMPLATE_LANGUAGES": "id:id, en:en_US"})
    config = settings.section("whatsapp")
    assert config.template_languages == {"id": "id", "en": "en_US"}


def test_make_run_names_the_missing_whatsapp_settings_and_starts_nothing(tmp_path):
    unset = ("REDIS_URL", "DATABASE_URL", "WHATSAPP_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(unset)}
    env |= {"SAPA_INSTANCE_DIR": str(tmp_path), "WHATSAPP_TOKEN": "a-token",
            "WHATSAPP_APP_SECRET": "secret-1"}
    run = subprocess.run([sys.executable, "-m", "devstack"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 1
    for name in ("WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_TEMPLATE_STATUS"):
        assert f"{name}: required for WhatsApp" in run.stderr
    assert "gunicorn" not in run.stdout + run.stderr


@pytest.mark.parametrize(("whatsapp", "said"), [(False, "WhatsApp is off (set WHATSAPP_TOKEN"),
                                                (True, "Serving USSD, SMS and WhatsApp (/whatsapp).")])
def test_make_run_says_whether_it_serves_whatsapp(environ, wa_environ, whatsapp, said):
    assert said in channels(read_settings(wa_environ if whatsapp else environ))
