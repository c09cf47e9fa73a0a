"""A test phone that dials the USSD endpoint the way the provider does."""

import itertools

_sessions = itertools.count(1)


class Phone:
    """Posts hops with the provider's cumulative `text` ("1*3"), one session at a time; with
    `latest`, as an aggregator that posts only the newest input ("3", and the whole dial string
    "*384*123*1*3#" on the first hop)."""

    def __init__(self, client, number: str = "+6281234567890", token: str = "", latest: bool = False):
        self.client, self.number, self.token, self.latest = client, number, token, latest
        self.inputs: list[str] = []
        self.session_id = ""
        self.text = ""

    def dial(self, shortcut: str = "") -> str:
        self.session_id = f"ATUid_test{next(_sessions)}"
        self.inputs = shortcut.split("*") if shortcut else []
        if self.latest:
            return self.send(f"*384*123*{shortcut}#" if shortcut else "")
        return self.send(shortcut)

    def press(self, *keys: str) -> str:
        body = ""
        for key in keys:
            self.inputs.append(key)
            body = self.send(key if self.latest else "*".join(self.inputs))
        return body

    def post(self) -> str:
        """Post the last hop again, as a provider re-sending it."""
        return self.send(self.text)

    def send(self, text: str) -> str:
        self.text = text
        query = f"?token={self.token}" if self.token else ""
        response = self.client.post(f"/ussd{query}", data={
            "sessionId": self.session_id, "serviceCode": "*384*123#", "phoneNumber": self.number,
            "networkCode": "51010", "text": text})
        assert response.status_code == 200, response.text
        assert response.content_type.startswith("text/plain")
        return response.text
