"""Dial the running app's USSD endpoint from a terminal, as a resident's phone would.

    python -m gateway.ussd.dial [--url http://HOST:PORT/ussd] [--phone +6281234567890]

Each screen is printed with its length; type a choice and Enter, `q` to hang up, Enter alone to
redial after the session ended (to try resuming, hang up mid-journey with `q` and redial).
"""

import argparse
import os
import sys
import uuid

import requests

from menus.gsm7 import septets


def dial(url: str, phone: str, service_code: str, token: str, read=input, write=print,
         latest: bool = False) -> None:
    """Run sessions until the person quits; `read` and `write` are swappable for tests. `latest` posts
    only the newest input, as some aggregators do (the server must run with USSD_INPUT=latest)."""
    params = {"token": token} if token else {}
    while True:
        session_id, inputs = f"sim-{uuid.uuid4().hex[:12]}", []
        while True:
            form = {"sessionId": session_id, "serviceCode": service_code, "phoneNumber": phone,
                    "networkCode": "51010", "text": (inputs[-1] if inputs else "") if latest
                    else "*".join(inputs)}
            response = requests.post(url, data=form, params=params, timeout=15)
            body = response.text
            if response.status_code != 200 or not body.startswith(("CON ", "END ")):
                write(f"!! the phone would show the operator's error: HTTP {response.status_code} {body!r}")
                return
            screen = body[4:]
            write("+" + "-" * 34 + f"+ {septets(screen)}/160 characters")
            write("\n".join(f"| {line}" for line in screen.splitlines()))
            write("+" + "-" * 34 + "+")
            if body.startswith("END "):
                break
            answer = _ask(read, "> ")
            if answer is None or answer.strip().lower() == "q":
                write("(hung up)")
                break
            inputs.append(answer)
        again = _ask(read, "Enter to dial again, q to quit: ")
        if again is None or again.strip().lower() == "q":
            return


def default_url(environ) -> str:
    """Where `make run` serves: its HOST and PORT (127.0.0.1 and 5000 unless set)."""
    return f"http://{environ.get('HOST', '127.0.0.1')}:{environ.get('PORT', '5000')}/ussd"


def _ask(read, prompt: str) -> str | None:
    try:
        return read(prompt)
    except EOFError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=default_url(os.environ))
    parser.add_argument("--phone", default="+6281234567890")
    parser.add_argument("--service-code", default="*384*123#")
    parser.add_argument("--token", default="", help="the CALLBACK_TOKEN, when one is set")
    parser.add_argument("--latest", action="store_true",
                        help="post only the newest input (for a server with USSD_INPUT=latest)")
    args = parser.parse_args()
    try:
        dial(args.url, args.phone, args.service_code, args.token, latest=args.latest)
    except requests.ConnectionError:
        sys.exit(f"cannot reach {args.url}: is `make run` running?")
    except KeyboardInterrupt:
        print()


if __name__ == "__main__":
    main()
