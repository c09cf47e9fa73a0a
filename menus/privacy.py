"""Mask personal data for screens, logs and staff lists."""


def mask_phone(phone: str) -> str:
    """Return +628*******890: the last 3 digits and up to 4 leading ones, but never more than half
    the digits, so a short number is not shown whole. Enough to tell numbers apart, not to dial."""
    plus = "+" if phone.startswith("+") else ""
    digits = phone[len(plus):]
    shown = len(digits) // 2
    tail = min(3, shown)  # the last digits tell numbers apart; +628 is every Indonesian mobile
    head = min(4, shown - tail)
    return f"{plus}{digits[:head]}{'*' * (len(digits) - head - tail)}{digits[len(digits) - tail:]}"
