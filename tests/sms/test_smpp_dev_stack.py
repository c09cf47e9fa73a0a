"""`make run` with SMS_PROVIDER=smpp starts the bind process beside the web app and the worker: a
resident's SMS and USSD "send by SMS" are answered through the stand-in SMSC once each, also after it
throttled and cut the link."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import requests

from tests.shell.test_make_run import free_port
from tests.sms.test_android_dev_stack import _ready, wait_until
from tests.support import logscan
from tests.support.smsc import PASSWORD, SYSTEM_ID, Smsc

ROOT = Path(__file__).resolve().parents[2]


def test_the_dev_stack_holds_the_smpp_bind_and_sends_through_it(tmp_path):
    port, log = free_port(), tmp_path / "stack.log"
    with Smsc() as smsc:
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "SECRET_KEY")}
        env.update(PORT=str(port), SAPA_INSTANCE_DIR=str(tmp_path / "instance"), SMS_PROVIDER="smpp",
                   SMPP_HOST="127.0.0.1", SMPP_PORT=str(smsc.port), SMPP_SYSTEM_ID=SYSTEM_ID,
                   SMPP_PASSWORD=PASSWORD, SMPP_SOURCE_ADDR="3345", SMS_RETRY_SECONDS="1", QUIET_HOURS="off")
        logscan.remember_secrets(env)
        logscan.remember_log(log)  # scanned at the end of the run for numbers and secrets
        smsc.script = ["throttle", "cut"]  # throttled, then the link drops: resubmitted after the rebind
        with log.open("w") as out:
            stack = subprocess.Popen([sys.executable, "-m", "devstack"], cwd=ROOT, env=env, stdout=out,
                                     stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until(lambda: _ready(base), stack, log, 60)
            wait_until(smsc.bound, stack, log, 30)
            for text in ("", "1", "1*7", "1*7*9"):  # Syarat, Pengantar Nikah, Kirim SMS
                screen = requests.post(f"{base}/ussd", timeout=5, data={
                    "sessionId": "dev-smpp", "serviceCode": "*384*123#", "phoneNumber": "+6281234567890",
                    "text": text}).text
            assert screen.startswith("END Daftar syarat Pengantar Nikah dikirim")
            wait_until(lambda: len(smsc.texted(strict=False)) == 1, stack, log, 30)
            wait_until(smsc.bound, stack, log, 30)
            assert smsc.send_mo("+6281234567890", "INFO") == [0]
            wait_until(lambda: len(smsc.texted(strict=False)) == 2, stack, log, 30)
            texts = sorted(text.split(":")[0] for _, text in smsc.texted())
            assert texts == ["Layanan", "Syarat Surat Pengantar Nikah (N1-N4)"]
            family = psutil.Process(stack.pid).children(recursive=True)
            assert any("workers.smpp" in " ".join(p.cmdline()) for p in family)
        finally:
            stack.send_signal(signal.SIGTERM)
            stack.wait(30)
        psutil.wait_procs(family, timeout=10)
    assert "6281234567890" not in log.read_text()
    assert len(smsc.binds) >= 2  # bound again after the cut
