"""SMS_PROVIDER=smpp: its settings are checked at start, every problem named in one message."""

import pytest

from gateway.bootstrap import read_settings
from gateway.errors import SettingsError
from gateway.store.vault import new_data_key

VALID = {"REDIS_URL": "redis://127.0.0.1:6379/0", "DATABASE_URL": "sqlite:///instance/sapa.db",
         "SECRET_KEY": "x" * 32, "CALLBACK_TOKEN": "t" * 16, "DATA_KEY": new_data_key(),
         "SMS_PROVIDER": "smpp", "SMPP_HOST": "smpp.aggregator.example", "SMPP_SYSTEM_ID": "desa_sukamaju",
         "SMPP_PASSWORD": "p4ssw0rd", "SMPP_SOURCE_ADDR": "3345"}


def test_an_account_with_a_short_code_is_a_valid_production_setting():
    config = read_settings(VALID).section("sms").config
    assert (config.host, config.port, config.system_id, config.tps) == ("smpp.aggregator.example", 2775,
                                                                        "desa_sukamaju", 10)
    assert (config.source_addr, config.source_ton, config.source_npi) == ("3345", 0, 1)
    assert "p4ssw0rd" not in repr(config)


@pytest.mark.parametrize(("source", "ton", "npi", "sent_as"), [
    ("DESA SUKA", 5, 0, "DESA SUKA"), ("+6281100000001", 1, 1, "6281100000001"), ("99876", 0, 1, "99876")])
def test_a_sender_name_or_number_goes_with_its_type(source, ton, npi, sent_as):
    config = read_settings({**VALID, "SMPP_SOURCE_ADDR": source}).section("sms").config
    assert (config.source_addr, config.source_ton, config.source_npi) == (sent_as, ton, npi)


def test_every_missing_smpp_setting_is_named_at_once():
    missing = {name: "" for name in VALID if name.startswith("SMPP_")}
    with pytest.raises(SettingsError) as caught:
        read_settings({**VALID, **missing})
    for said in ("SMPP_HOST: required when SMS_PROVIDER=smpp",
                 "SMPP_SYSTEM_ID: required when SMS_PROVIDER=smpp",
                 "SMPP_PASSWORD: required when SMS_PROVIDER=smpp",
                 "SMPP_SOURCE_ADDR: required when SMS_PROVIDER=smpp"):
        assert said in str(caught.value)
    assert len(caught.value.problems) == 4


@pytest.mark.parametrize(("change", "named"), [
    ({"SMPP_PASSWORD": "sembilan9"}, "SMPP_PASSWORD: at most 8 characters in SMPP 3.4 (this one has 9)"),
    ({"SMPP_SYSTEM_ID": "kantor_desa_sukamaju"}, "SMPP_SYSTEM_ID: at most 15 characters"),
    ({"SMPP_SYSTEM_TYPE": "x" * 13}, "SMPP_SYSTEM_TYPE: at most 12 characters"),
    ({"SMPP_TPS": "0"}, "SMPP_TPS='0': must be a whole number from 1 to 1000"),
    ({"SMPP_TPS": "-5"}, "SMPP_TPS='-5': must be a whole number from 1 to 1000"),
    ({"SMPP_PORT": "70000"}, "SMPP_PORT='70000': must be a whole number from 1 to 65535"),
    ({"SMPP_SOURCE_ADDR": "Kantor Desa Sukamaju"}, "SMPP_SOURCE_ADDR='Kantor Desa Sukamaju': a short code"),
])
def test_a_bad_smpp_setting_is_named(change, named):
    with pytest.raises(SettingsError) as caught:
        read_settings({**VALID, **change})
    assert named in str(caught.value) and len(caught.value.problems) == 1
    assert "p4ssw0rd" not in str(caught.value) and "sembilan9" not in str(caught.value)


def test_all_bad_smpp_settings_come_in_one_message():
    with pytest.raises(SettingsError) as caught:
        read_settings({**VALID, "SMPP_HOST": "", "SMPP_PASSWORD": "sembilan9", "SMPP_TPS": "0"})
    assert len(caught.value.problems) == 3
