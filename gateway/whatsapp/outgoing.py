"""Write a chat message, or the status template, as the Graph API's JSON for one message."""

from menus.chat import ChatMessage


def to_graph(message: ChatMessage) -> dict:
    """The `type` and its object: text, an interactive list, or interactive reply buttons."""
    if message.kind == "text":
        return {"type": "text", "text": {"body": message.body, "preview_url": False}}
    footer = {"footer": {"text": message.footer}} if message.footer else {}
    if message.kind == "buttons":
        buttons = [{"type": "reply", "reply": {"id": c.id, "title": c.title}} for c in message.choices]
        return {"type": "interactive", "interactive": {
            "type": "button", "body": {"text": message.body}, **footer, "action": {"buttons": buttons}}}
    rows = [{"id": c.id, "title": c.title, **({"description": c.description} if c.description else {})}
            for c in message.choices]
    return {"type": "interactive", "interactive": {
        "type": "list", "body": {"text": message.body}, **footer,
        "action": {"button": message.button, "sections": [{"rows": rows}]}}}


def template(name: str, language_code: str, params: list[str]) -> dict:
    """An approved template with its body's parameters ({{1}}, {{2}} ...), in order.

    Meta refuses a parameter holding a new line, a tab or more than four spaces in a row.
    """
    parameters = [{"type": "text", "text": " ".join(p.split())} for p in params]
    return {"type": "template", "template": {
        "name": name, "language": {"code": language_code},
        "components": [{"type": "body", "parameters": parameters}] if parameters else []}}
