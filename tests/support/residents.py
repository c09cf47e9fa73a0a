"""Make residents the way residents make themselves: by applying over USSD."""

import re

from tests.support.phone import Phone

NIK = "3171014708900003"


def apply_by_ussd(app, number: str = "+6281234567890", service: str = "1", name: str = "Siti Aminah",
                  nik: str = NIK, rt_rw: str = "3/7") -> str:
    """Apply from `number`; return the tracking code."""
    phone = Phone(app.test_client(), number=number)
    phone.dial()
    phone.press("2", service, name, nik, rt_rw, "1")
    return re.search(r"Kode Anda: (\S+)\.", phone.press("1")).group(1)
