"""`make run` with SMS_PROVIDER=android needs nothing new: the web app and the worker of the dev stack
send through the phone's API and take its signed webhooks."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import requests

from tests.shell.test_make_run import free_port
from tests.support import logscan
from tests.support.android_phone import SIGNING_KEY, PhoneApiStandIn, received, signed

ROOT = Path(__file__).resolve().parents[2]


def test_the_dev_stack_sends_through_the_office_phone(tmp_path):
    port, log = free_port(), tmp_path / "stack.log"
    with PhoneApiStandIn() as phone_api:
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "SECRET_KEY")}
        env.update(PORT=str(port), SAPA_INSTANCE_DIR=str(tmp_path / "instance"), SMS_PROVIDER="android",
                   ANDROID_GATEWAY_URL=phone_api.url, ANDROID_GATEWAY_USERNAME=phone_api.username,
                   ANDROID_GATEWAY_PASSWORD=phone_api.password, ANDROID_GATEWAY_SIGNING_KEY=SIGNING_KEY,
                   SMS_RETRY_SECONDS="1", QUIET_HOURS="off")
        logscan.remember_secrets(env)
        logscan.remember_log(log)  # scanned at the end of the run for numbers and secrets
        phone_api.script = ["http500"]  # the phone stumbles once: the worker retries
        with log.open("w") as out:
            stack = subprocess.Popen([sys.executable, "-m", "devstack"], cwd=ROOT, env=env, stdout=out,
                                     stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until(lambda: _ready(base), stack, log, 60)
            for text in ("", "1", "1*7", "1*7*9"):  # Syarat, Pengantar Nikah, Kirim SMS
                screen = requests.post(f"{base}/ussd", timeout=5, data={
                    "sessionId": "dev-android", "serviceCode": "*384*123#", "phoneNumber": "+6281234567890",
                    "text": text}).text
            assert screen.startswith("END Daftar syarat Pengantar Nikah dikirim")
            body = received("INFO")
            answer = requests.post(f"{base}/sms/android", data=body, headers=signed(body), timeout=5)
            assert answer.text == "new\n"
            wait_until(lambda: len(phone_api.texted()) == 2, stack, log, 30)
            texts = sorted(text.split(":")[0] for _, text in phone_api.texted())
            assert texts == ["Layanan", "Syarat Surat Pengantar Nikah (N1-N4)"]
            family = psutil.Process(stack.pid).children(recursive=True)
        finally:
            stack.send_signal(signal.SIGTERM)
            stack.wait(30)
        psutil.wait_procs(family, timeout=10)
    assert "6281234567890" not in log.read_text()


def _ready(base: str) -> bool:
    try:
        return requests.get(f"{base}/readyz", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def wait_until(condition, stack, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert stack.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
        time.sleep(0.2)
