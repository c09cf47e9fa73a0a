"""SMS providers behind one small interface: `send(recipients, text) -> [Receipt]`.

One module per provider, chosen by SMS_PROVIDER. Another aggregator is a new module here.
"""

from gateway.settings import Settings

from .base import Receipt, SmsProvider, TransientSendError


def make_provider(settings: Settings) -> SmsProvider:
    """Return the provider SMS_PROVIDER names."""
    if settings.sms_provider == "africastalking":
        from .africastalking import AfricasTalkingProvider
        return AfricasTalkingProvider(settings.at_username, settings.at_api_key,
                                      settings.at_sender_id, settings.at_api_base_url)
    from .console import ConsoleProvider
    return ConsoleProvider()


__all__ = ["Receipt", "SmsProvider", "TransientSendError", "make_provider"]
