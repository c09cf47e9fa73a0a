"""Work out what a resident typed on this hop from the provider's cumulative `text` field."""

from dataclasses import dataclass


@dataclass(frozen=True)
class HopInputs:
    """The inputs to feed the engine in order, or `repeat` when the hop was answered already."""

    inputs: tuple[str, ...]
    repeat: bool = False


def read_hop(previous_text: str | None, text: str) -> HopInputs:
    """Return the new inputs in `text`, given the `text` of the last hop we answered.

    The provider sends every input so far joined with '*' ("", "1", "1*3"), but a resident may type
    '*' inside free text, so the new input is what follows the previous text, never a blind split.
    `previous_text` is None on a session's first hop, where "1*3" means the resident dialled a
    shortcut such as *384*123*1*3#. For a provider that sends only the latest input, the shell
    rebuilds the cumulative text first (cumulative_text).
    """
    if previous_text is None:
        return HopInputs(tuple(text.split("*")) if text else ())
    if text == previous_text or previous_text.startswith(text + "*"):
        # The provider re-sent this hop (or an older one that crossed ours on a slow link).
        return HopInputs((), repeat=True)
    if previous_text == "":
        return HopInputs((text,))
    prefix = previous_text + "*"
    if text.startswith(prefix):
        return HopInputs((text[len(prefix):],))
    # The text does not extend the previous one (a provider fault): read it as one new input.
    return HopInputs((text,))


def cumulative_text(previous_text: str | None, latest: str, service_code: str) -> str:
    """Rebuild the cumulative text ("1*3") for an aggregator that posts only the newest input.

    On the first hop such aggregators send nothing, the service code, or the whole dial string
    ("*384*123*1*2#" for a shortcut dial): what follows the service code is the shortcut.
    """
    if previous_text is None:
        dialled = latest.strip()
        base = service_code.strip().rstrip("#")
        if dialled.startswith("*") and dialled.endswith("#"):
            dialled = dialled.rstrip("#")
            dialled = dialled[len(base):].lstrip("*") if base and dialled.startswith(base) else ""
        return dialled
    return latest if previous_text == "" else f"{previous_text}*{latest}"
