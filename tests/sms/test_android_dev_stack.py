"""`make run` with SMS_PROVIDER=android needs nothing new: the web app and the worker of the dev stack
send through the phone's API and take its signed webhooks."""

import requests

from tests.support.android_phone import SIGNING_KEY, PhoneApiStandIn, received, signed
from tests.support.dev_stack import running_dev_stack


def test_the_dev_stack_sends_through_the_office_phone(tmp_path):
    with PhoneApiStandIn() as phone_api:
        phone_api.script = ["http500"]  # the phone stumbles once: the worker retries
        with running_dev_stack(tmp_path, SMS_PROVIDER="android", ANDROID_GATEWAY_URL=phone_api.url,
                               ANDROID_GATEWAY_USERNAME=phone_api.username,
                               ANDROID_GATEWAY_PASSWORD=phone_api.password,
                               ANDROID_GATEWAY_SIGNING_KEY=SIGNING_KEY, SMS_RETRY_SECONDS="1",
                               QUIET_HOURS="off") as stack:
            for text in ("", "1", "1*7", "1*7*9"):  # Syarat, Pengantar Nikah, Kirim SMS
                screen = requests.post(f"{stack.base}/ussd", timeout=5, data={
                    "sessionId": "dev-android", "serviceCode": "*384*123#", "phoneNumber": "+6281234567890",
                    "text": text}).text
            assert screen.startswith("END Daftar syarat Pengantar Nikah dikirim")
            body = received("INFO")
            answer = requests.post(f"{stack.base}/sms/android", data=body, headers=signed(body), timeout=5)
            assert answer.text == "new\n"
            stack.wait_until(lambda: len(phone_api.texted()) == 2, 30)
            texts = sorted(text.split(":")[0] for _, text in phone_api.texted())
            assert texts == ["Layanan", "Syarat Surat Pengantar Nikah (N1-N4)"]
    assert "6281234567890" not in stack.log.read_text()
