"""/healthz says the process is alive; /readyz that Redis and the database answer."""


def test_healthz_is_ok(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_readyz_is_ok_when_redis_and_database_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"redis": "ok", "database": "ok"}


def test_readyz_is_503_and_names_the_database_when_it_is_unreachable(app_with, unreachable_database_url):
    response = app_with(DATABASE_URL=unreachable_database_url).test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"].startswith("unreachable")
    assert response.json["checks"]["redis"] == "ok"
