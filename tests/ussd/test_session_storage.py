"""USSD sessions rest in Redis small and sealed: no name or NIK readable, a value opens only under
its own key, and sessions written by the release before still resume after a deploy."""

import json

from hypothesis import given
from hypothesis import strategies as st

from gateway.services import services_of
from gateway.store.packing import Packer
from gateway.store.vault import Vault, new_data_key
from menus import Texts
from menus.resources import default_catalog, default_texts
from tests.support.phone import Phone

NIK = "3171014708900003"
PACKER = Packer(Vault(new_data_key()), default_catalog(), default_texts())


def stored(redis_client) -> dict[bytes, bytes]:
    return {key: redis_client.get(key) for key in redis_client.keys("sapa:*")
            if redis_client.type(key) == b"string"}


def test_a_draft_application_rests_sealed(client, redis_client):
    phone = Phone(client)
    phone.dial()
    phone.press("2", "1", "Siti Aminah", NIK)
    values = b"".join(stored(redis_client).values())
    assert values and NIK.encode() not in values and b"Siti" not in values


def test_a_session_on_the_requirements_screen_packs_under_150_bytes(client, redis_client):
    phone = Phone(client)
    phone.dial()
    assert phone.press("1", "2").startswith("CON Syarat SKTM")
    assert len(redis_client.get(f"sapa:ussd:{phone.session_id}")) < 150  # was 588 as Fernet JSON


def test_a_value_moved_to_another_session_does_not_open(client, redis_client):
    first, second = Phone(client), Phone(client, number="+6289900000000")
    first.dial()
    first.press("1", "2")
    second.dial()
    redis_client.set(f"sapa:ussd:{second.session_id}", redis_client.get(f"sapa:ussd:{first.session_id}"))
    assert second.press("1").startswith("CON Pilih layanan")  # its own state was unreadable: a fresh start


def test_sessions_written_by_the_release_before_still_resume(app, client, redis_client):
    """Before sealing, values were Fernet tokens of plain JSON; live ones must survive the deploy."""
    services = services_of(app)
    phone = Phone(client)
    phone.dial()
    state = {"lang": "id", "stack": [{"n": "root", "a": "", "p": 0}, {"n": "services", "a": "", "p": 0}],
             "draft": {}}
    legacy = {"text": "", "screen": "old", "ends": False, "state": state, "snapshot": None}
    redis_client.set(f"sapa:ussd:{phone.session_id}", services.vault.encrypt(json.dumps(legacy)))
    assert phone.press("2").startswith("CON Syarat SKTM")
    redis_client.set(f"{services.phone_keys(phone.number)}:resume", services.vault.encrypt(json.dumps(state)))
    phone.dial()
    assert phone.press("1").startswith("CON Pilih layanan")  # "Lanjutkan" lands on the old screen


def test_after_a_catalog_change_an_old_session_counts_as_absent():
    edited = Texts({lang: {**texts, "welcome": texts["welcome"] + "!"}
                    for lang, texts in default_texts().by_lang.items()})
    other = Packer(PACKER.vault, default_catalog(), edited)
    sealed = PACKER.pack(["1", "screen"], "sapa:ussd:s1")
    assert PACKER.unpack(sealed, "sapa:ussd:s1") == (["1", "screen"], False)
    for packer, key in ((other, "sapa:ussd:s1"), (PACKER, "sapa:ussd:s2")):
        try:
            packer.unpack(sealed, key)
        except ValueError:
            continue
        raise AssertionError("opened with the wrong dictionary or under the wrong key")


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=200),
                    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner,
                                                                                max_size=5), max_leaves=20)


@given(JSON, st.text(min_size=1, max_size=60))
def test_whatever_is_packed_unpacks_the_same(value, key):
    assert PACKER.unpack(PACKER.pack(value, key), key) == (value, False)


def test_a_hop_saves_even_after_redis_forgot_the_save_script(client, redis_client):
    phone = Phone(client)
    phone.dial()
    redis_client.script_flush()  # as after a Redis restart
    phone.press("1")
    assert phone.press("2").startswith("CON Syarat SKTM")  # the "1" hop's session was saved


def test_one_save_writes_the_session_snapshot_language_and_hop_count_with_their_lifetimes(
        app, client, redis_client):
    services = services_of(app)
    phone = Phone(client)
    phone.dial()
    phone.press("5", "2")  # English, chosen on this hop
    phone.press("1", "2")  # requirements of SKTM: a screen to resume on
    key = services.phone_keys(phone.number)
    assert redis_client.get(f"{key}:lang") == b"en"
    assert 6 * 24 * 3600 < redis_client.ttl(f"{key}:lang") <= 7 * 24 * 3600
    assert 0 < redis_client.ttl(f"{key}:resume") <= services.sessions.resume_seconds
    assert 500 < redis_client.ttl(f"sapa:ussd:{phone.session_id}") <= 600
    [counter] = redis_client.keys(f"{key}:hops:*")
    assert int(redis_client.get(counter)) == 5 and 0 < redis_client.ttl(counter) <= 120
    phone.press("0", "0")  # back to the welcome screen: nothing left to resume
    assert not redis_client.exists(f"{key}:resume")
