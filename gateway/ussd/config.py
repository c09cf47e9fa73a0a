"""The USSD room's own settings: how the aggregator posts inputs, and when a repeat is a re-send."""

from dataclasses import dataclass

from ..settings import Env

INPUT_MODES = ("cumulative", "latest")


@dataclass(frozen=True)
class UssdConfig:
    """`input`: "cumulative" (every input so far, "1*3", as Africa's Talking sends) or "latest" (only
    the newest, "3"). `resend_seconds`: in latest mode, the same input again within this time of our
    answer is the aggregator re-sending the hop, not the resident pressing the same key again (nobody
    reads a screen and answers that fast)."""

    input: str
    resend_seconds: float


def read_section(env: Env) -> UssdConfig:
    """Read USSD_INPUT and USSD_RESEND_MS (Settings.section("ussd"))."""
    mode = env.text("USSD_INPUT", "cumulative").lower()
    if mode not in INPUT_MODES:
        env.problem(f"USSD_INPUT={mode!r}: must be one of {', '.join(INPUT_MODES)}")
    return UssdConfig(input=mode, resend_seconds=env.number("USSD_RESEND_MS", 1500, 0, 10000) / 1000)
