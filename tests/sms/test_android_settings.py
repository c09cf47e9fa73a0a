"""SMS_PROVIDER=android: its settings are checked at start, every problem named in one message."""

import pytest

from gateway.bootstrap import read_settings
from gateway.errors import SettingsError
from gateway.store.vault import new_data_key

VALID = {"REDIS_URL": "redis://127.0.0.1:6379/0", "DATABASE_URL": "sqlite:///instance/sapa.db",
         "SECRET_KEY": "x" * 32, "CALLBACK_TOKEN": "t" * 16, "DATA_KEY": new_data_key(),
         "SMS_PROVIDER": "android", "ANDROID_GATEWAY_URL": "http://192.168.1.20:8080/",
         "ANDROID_GATEWAY_USERNAME": "sms", "ANDROID_GATEWAY_PASSWORD": "p4ssw0rd",
         "ANDROID_GATEWAY_SIGNING_KEY": "k3yk3yk3y"}


def test_a_phone_on_the_office_network_is_a_valid_production_setting():
    config = read_settings(VALID).section("sms").config
    assert (config.url, config.username, config.timeout) == ("http://192.168.1.20:8080", "sms", 15)
    assert "p4ssw0rd" not in repr(config) and "k3yk3yk3y" not in repr(config)


@pytest.mark.parametrize("url", ["https://api.sms-gate.app/3rdparty/v1", "http://100.101.1.2:8080",
                                 "http://kantor-hp:8080", "http://hp-kantor.local:8080"])
def test_the_cloud_server_or_a_phone_on_a_private_network_is_accepted(url):
    assert read_settings({**VALID, "ANDROID_GATEWAY_URL": url}).section("sms").config.url == url


def test_every_missing_android_setting_is_named_at_once():
    missing = {name: "" for name in VALID if name.startswith("ANDROID_")}
    with pytest.raises(SettingsError) as caught:
        read_settings({**VALID, **missing})
    for said in ("ANDROID_GATEWAY_URL: required when SMS_PROVIDER=android",
                 "ANDROID_GATEWAY_USERNAME: required when SMS_PROVIDER=android",
                 "ANDROID_GATEWAY_PASSWORD: required when SMS_PROVIDER=android",
                 "ANDROID_GATEWAY_SIGNING_KEY: required in production"):
        assert said in str(caught.value)
    assert len(caught.value.problems) == 4


@pytest.mark.parametrize(("change", "named"), [
    ({"ANDROID_GATEWAY_URL": "ftp://192.168.1.20"}, "ANDROID_GATEWAY_URL='ftp://192.168.1.20': must be"),
    ({"ANDROID_GATEWAY_URL": "192.168.1.20:8080"}, "must be an http(s) URL"),
    ({"ANDROID_GATEWAY_URL": "http://8.8.8.8:8080"}, "http:// sends the password in clear"),
    ({"ANDROID_GATEWAY_URL": "http://sms.example.org/3rdparty/v1"}, "http:// sends the password in clear"),
    ({"ANDROID_GATEWAY_SIGNING_KEY": "short"}, "ANDROID_GATEWAY_SIGNING_KEY: at least 8 characters"),
    ({"ANDROID_GATEWAY_TIMEOUT": "0"}, "ANDROID_GATEWAY_TIMEOUT='0'"),
    ({"ANDROID_GATEWAY_TIMEOUT": "soon"}, "ANDROID_GATEWAY_TIMEOUT='soon'"),
])
def test_a_bad_android_value_is_named(change, named):
    with pytest.raises(SettingsError) as caught:
        read_settings({**VALID, **change})
    assert named in str(caught.value)


def test_development_may_do_without_a_signing_key_and_without_https():
    development = {**VALID, "SAPA_ENV": "development", "ANDROID_GATEWAY_SIGNING_KEY": "",
                   "ANDROID_GATEWAY_URL": "http://sms.example.org"}
    assert read_settings(development).section("sms").config.signing_key == ""
