"""A test phone that dials the USSD endpoint the way the provider does."""

import itertools

_sessions = itertools.count(1)


class Phone:
    """Posts hops with the provider's cumulative `text`, one session at a time."""

    def __init__(self, client, number: str = "+6281234567890", token: str = ""):
        self.client, self.number, self.token = client, number, token
        self.inputs: list[str] = []
        self.session_id = ""

    def dial(self, shortcut: str = "") -> str:
        self.session_id = f"ATUid_test{next(_sessions)}"
        self.inputs = shortcut.split("*") if shortcut else []
        return self.post()

    def press(self, *keys: str) -> str:
        body = ""
        for key in keys:
            self.inputs.append(key)
            body = self.post()
        return body

    def post(self) -> str:
        query = f"?token={self.token}" if self.token else ""
        response = self.client.post(f"/ussd{query}", data={
            "sessionId": self.session_id, "serviceCode": "*384*123#", "phoneNumber": self.number,
            "networkCode": "51010", "text": "*".join(self.inputs)})
        assert response.status_code == 200, response.text
        assert response.content_type.startswith("text/plain")
        return response.text
