"""`make run` with SMS_PROVIDER=smpp starts the bind process beside the web app and the worker: a
resident's SMS and USSD "send by SMS" are answered through the stand-in SMSC once each, also after it
throttled and cut the link."""

import requests

from tests.support.dev_stack import running_dev_stack
from tests.support.smsc import PASSWORD, SYSTEM_ID, Smsc


def test_the_dev_stack_holds_the_smpp_bind_and_sends_through_it(tmp_path):
    with Smsc() as smsc:
        smsc.script = ["throttle", "cut"]  # throttled, then the link drops: resubmitted after the rebind
        with running_dev_stack(tmp_path, SMS_PROVIDER="smpp", SMPP_HOST="127.0.0.1", SMPP_PORT=str(smsc.port),
                               SMPP_SYSTEM_ID=SYSTEM_ID, SMPP_PASSWORD=PASSWORD, SMPP_SOURCE_ADDR="3345",
                               SMS_RETRY_SECONDS="1", QUIET_HOURS="off") as stack:
            assert any("workers.smpp" in command for command in stack.commands())
            stack.wait_until(smsc.bound, 30)
            for text in ("", "1", "1*7", "1*7*9"):  # Syarat, Pengantar Nikah, Kirim SMS
                screen = requests.post(f"{stack.base}/ussd", timeout=5, data={
                    "sessionId": "dev-smpp", "serviceCode": "*384*123#", "phoneNumber": "+6281234567890",
                    "text": text}).text
            assert screen.startswith("END Daftar syarat Pengantar Nikah dikirim")
            stack.wait_until(lambda: len(smsc.texted(strict=False)) == 1, 30)
            stack.wait_until(smsc.bound, 30)
            assert smsc.send_mo("+6281234567890", "INFO") == [0]
            stack.wait_until(lambda: len(smsc.texted(strict=False)) == 2, 30)
            texts = sorted(text.split(":")[0] for _, text in smsc.texted())
            assert texts == ["Layanan", "Syarat Surat Pengantar Nikah (N1-N4)"]
    assert "6281234567890" not in stack.log.read_text()
    assert len(smsc.binds) >= 2  # bound again after the cut
