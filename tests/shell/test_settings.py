"""Settings are read once, validated, and every problem is named in one message."""

import pytest

from gateway import create_app
from gateway.bootstrap import read_settings
from gateway.errors import SettingsError
from gateway.settings import Settings
from gateway.store.vault import new_data_key
from menus import CatalogError

VALID = {"REDIS_URL": "redis://127.0.0.1:6379/0", "DATABASE_URL": "sqlite:///instance/sapa.db",
         "SECRET_KEY": "x" * 32, "SMS_PROVIDER": "africastalking", "AT_USERNAME": "kel",
         "AT_API_KEY": "key", "CALLBACK_TOKEN": "t" * 16, "DATA_KEY": new_data_key()}


def test_a_valid_production_environment_gives_frozen_settings():
    settings = read_settings(VALID)
    assert (settings.env, settings.port, settings.session_resume_seconds) == ("production", 5000, 300)
    assert settings.section("sms").config.base_url == "https://api.africastalking.com"
    assert settings.quiet_hours == (21 * 60, 7 * 60) and settings.timezone == "Asia/Jakarta"
    assert settings.sms_retry_seconds == (30, 120, 600, 1800, 7200)
    assert read_settings({**VALID, "QUIET_HOURS": "off"}).quiet_hours is None
    with pytest.raises(AttributeError):
        settings.port = 1


def test_an_empty_environment_names_every_missing_setting_at_once():
    with pytest.raises(SettingsError) as caught:
        read_settings({})
    message = str(caught.value)
    for name in ("REDIS_URL", "DATABASE_URL", "SECRET_KEY", "CALLBACK_TOKEN", "SMS_PROVIDER=console",
                 "DATA_KEY"):
        assert name in message


@pytest.mark.parametrize(("change", "named"), [
    ({"PORT": "http"}, "PORT='http'"),
    ({"PORT": "70000"}, "PORT='70000'"),
    ({"PORT": "\u00b2"}, "PORT='\u00b2'"),
    ({"SESSION_RESUME_SECONDS": "3\u2070\u2070"}, "SESSION_RESUME_SECONDS"),
    ({"SESSION_RESUME_SECONDS": "-1"}, "SESSION_RESUME_SECONDS"),
    ({"SMS_PROVIDER": "carrier-pigeon"}, "SMS_PROVIDER='carrier-pigeon'"),
    ({"AT_API_KEY": ""}, "AT_API_KEY: required when SMS_PROVIDER=africastalking"),
    ({"AT_API_BASE_URL": "ftp://x"}, "AT_API_BASE_URL"),
    ({"SECRET_KEY": "short"}, "SECRET_KEY"),
    ({"CATALOG_PATH": "/no/such/catalog.toml"}, "CATALOG_PATH"),
    ({"SAPA_ENV": "staging"}, "SAPA_ENV='staging'"),
    ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
    ({"TIMEZONE": "Mars/Olympus"}, "TIMEZONE='Mars/Olympus'"),
    ({"QUIET_HOURS": "9pm-7am"}, "QUIET_HOURS='9pm-7am'"),
    ({"SMS_RETRY_SECONDS": "soon"}, "SMS_RETRY_SECONDS='soon'"),
    ({"DATA_KEY": "not-a-fernet-key"}, "DATA_KEY: required"),
    ({"SMS_PRICE_PER_SEGMENT": "-5"}, "SMS_PRICE_PER_SEGMENT"),
    ({"SIMULATOR_ENABLED": "yes"}, "SIMULATOR_ENABLED='yes': must be 1, 0, true or false"),
    ({"USSD_INPUT": "sideways"}, "USSD_INPUT='sideways': must be one of cumulative, latest"),
    ({"USSD_RESEND_MS": "soon"}, "USSD_RESEND_MS='soon'"),
])
def test_a_bad_value_is_named(change, named):
    with pytest.raises(SettingsError) as caught:
        read_settings({**VALID, **change})
    assert named in str(caught.value)


@pytest.mark.parametrize(("change", "enabled"), [
    ({}, False),
    ({"SIMULATOR_ENABLED": "1"}, True),
    ({"SIMULATOR_ENABLED": " TRUE "}, True),
    ({"SIMULATOR_ENABLED": ""}, False),
    ({"SAPA_ENV": "development"}, True),
    ({"SAPA_ENV": "development", "SIMULATOR_ENABLED": "0"}, False),
    ({"SAPA_ENV": "development", "SIMULATOR_ENABLED": "false"}, False),
])
def test_the_phone_simulator_page_is_on_in_development_and_off_in_production_unless_enabled(change, enabled):
    assert read_settings({**VALID, **change}).simulator_enabled is enabled


def test_development_allows_the_console_provider_and_no_callback_token():
    settings = read_settings({**VALID, "SAPA_ENV": "development", "SMS_PROVIDER": "console",
                                  "CALLBACK_TOKEN": ""})
    assert settings.development and settings.section("sms").provider == "console"


def test_a_broken_seed_catalog_stops_the_app_with_the_file_and_field(tmp_path, environ, database):
    broken = tmp_path / "catalog.toml"
    broken.write_text('[office]\nname = "Kel"\n')
    with pytest.raises(CatalogError, match=r"(?s)catalog.toml.*\[office\].address"):
        create_app(read_settings({**environ, "CATALOG_PATH": str(broken)}))


def test_core_settings_alone_need_no_provider_section():
    settings = Settings.from_env({**VALID, "SMS_PROVIDER": "carrier-pigeon"})
    assert settings.sections == {}


def test_each_room_section_adds_its_problems_to_the_one_message():
    with pytest.raises(SettingsError) as caught:
        read_settings({**VALID, "SECRET_KEY": "short", "AT_API_KEY": "", "AT_API_BASE_URL": "ftp://x"})
    assert len(caught.value.problems) == 3
