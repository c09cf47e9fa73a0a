"""The scan that ends every test run finds a NIK, a phone number or a secret wherever it is logged."""

from tests.support import logscan


def test_the_scan_finds_a_nik_a_full_phone_and_a_configured_secret(tmp_path):
    logscan.remember_secrets({"CALLBACK_TOKEN": "planted-token-0123456789", "AT_API_KEY": "short"})
    text = ("web INFO looking up 3171014708900003\n"
            "web INFO SMS to +6281234567890 sent\n"
            "web INFO POST /ussd?token=planted-token-0123456789\n"
            "web INFO SMS to +628*******890 and 081234567890\n"
            "web INFO nothing to see: job sms-send-12, 20261129 and the word short\n"
            "rq.worker INFO Worker 3af5c0812345678b: started\n")
    found = logscan.findings(text, "planted")
    logscan.secrets.discard("planted-token-0123456789")
    assert found == ["planted:1: a NIK", "planted:2: a phone number", "planted:3: a secret",
                     "planted:4: a phone number"]
