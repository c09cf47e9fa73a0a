"""The floor a hop is measured against: Flask answering a form POST with one Redis GET and one SET.

    gunicorn --pythonpath bench 'floor:create_app()'   (REDIS_URL in the environment)
"""

import os

import redis
from flask import Flask, request


def create_app() -> Flask:
    app = Flask(__name__)
    client = redis.Redis.from_url(os.environ["REDIS_URL"])

    @app.post("/ussd")
    def hop():
        key = f"floor:{request.form['sessionId']}"
        previous = client.get(key)
        client.set(key, request.form["text"], ex=600)
        return f"CON {previous!r}", 200, {"Content-Type": "text/plain; charset=utf-8"}

    return app
