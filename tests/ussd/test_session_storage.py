"""USSD sessions rest in Redis small and sealed: no name or NIK readable, a value opens only under
its own key, and sessions written by the release before still resume after a deploy."""

import json
import time

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


def test_a_session_on_the_requirements_screen_packs_under_170_bytes(app, client, redis_client):
    phone = Phone(client)
    phone.dial()
    assert phone.press("1", "2").startswith("CON Syarat SKTM")
    value = redis_client.get(f"{services_of(app).phone_keys(phone.number)}:ussd")
    # Its resume offer included: before, a session key (116 B; 588 as Fernet JSON) and a snapshot key (75 B).
    assert len(value) < 170


def test_a_value_moved_to_another_phone_does_not_open(app, client, redis_client):
    keys = services_of(app).phone_keys
    first, second = Phone(client), Phone(client, number="+6289900000000")
    first.dial()
    first.press("1", "2")
    second.dial()
    redis_client.set(f"{keys(second.number)}:ussd", redis_client.get(f"{keys(first.number)}:ussd"))
    assert second.press("1").startswith("CON Pilih layanan")  # its own state was unreadable: a fresh start


SERVICES_STATE = {"lang": "id", "draft": {},
                  "stack": [{"n": "root", "a": "", "p": 0}, {"n": "services", "a": "", "p": 0}]}


def test_a_session_begun_on_the_release_before_goes_on_after_the_deploy(app, client, redis_client):
    """Two releases back values were Fernet tokens of plain JSON under the provider's session id."""
    services = services_of(app)
    phone = Phone(client)
    phone.session_id, phone.inputs = "ATUid_before_deploy", ["1"]
    legacy = {"text": "1", "screen": "old", "ends": False, "state": SERVICES_STATE, "snapshot": None}
    redis_client.set(f"sapa:ussd:{phone.session_id}", services.vault.encrypt(json.dumps(legacy)))
    assert phone.press("2").startswith("CON Syarat SKTM")


def test_a_snapshot_kept_by_the_release_before_is_still_offered(app, client, redis_client):
    services = services_of(app)
    phone = Phone(client)
    redis_client.set(f"{services.phone_keys(phone.number)}:resume",
                     services.vault.encrypt(json.dumps(SERVICES_STATE)))
    assert phone.dial().startswith(f"CON {default_texts()('id', 'resume_title')}")
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


def test_one_key_a_phone_holds_its_session_resume_offer_and_hops_with_one_lifetime(
        app, client, redis_client):
    services = services_of(app)
    phone = Phone(client)
    phone.dial()
    phone.press("5", "2")  # English, chosen on this hop
    phone.press("1", "2")  # requirements of SKTM: a screen to resume on
    key = services.phone_keys(phone.number)
    assert redis_client.get(f"{key}:lang") == b"en"
    assert 6 * 24 * 3600 < redis_client.ttl(f"{key}:lang") <= 7 * 24 * 3600
    assert 500 < redis_client.ttl(f"{key}:ussd") <= 600
    assert sorted(redis_client.keys(f"{key}*")) == sorted([f"{key}:lang".encode(), f"{key}:ussd".encode()])
    stored = services.sessions.load("ATUid_another", phone.number, time.time())
    assert stored.session is None and stored.hops == 5  # this minute's hops, whichever session
    assert stored.snapshot["stack"][-1] == {"n": "requirements", "a": "sktm", "p": 0}
    phone.press("0", "0")  # back to the welcome screen: nothing left to resume
    assert services.sessions.load("ATUid_another", phone.number, time.time()).snapshot is None


def test_a_resume_offer_lapses_after_the_resume_seconds(app, client):
    services = services_of(app)
    phone = Phone(client)
    phone.dial()
    phone.press("1", "2")
    later = time.time() + services.sessions.resume_seconds + 1
    assert services.sessions.load("ATUid_another", phone.number, later).snapshot is None
    assert services.sessions.load("ATUid_another", phone.number, later - 2).snapshot is not None
