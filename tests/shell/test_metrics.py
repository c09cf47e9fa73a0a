"""GET /metrics speaks Prometheus: hops by outcome and screen with their latency, SMS by provider and
status with the spend, the queue, failed jobs, retries and limits hit; never a phone number."""

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session

from gateway.store.messages import SendingPause
from tests.support.phone import Phone
from tests.support.sms import post_incoming


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics")
    assert response.status_code == 200 and response.content_type.startswith("text/plain; version=")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_hops_are_counted_by_outcome_and_screen_with_their_latency(client):
    before = scrape(client)
    phone = Phone(client)
    phone.dial()
    phone.press("1", "2")
    after = scrape(client)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert [grew("sapa_ussd_hops_total", outcome="continue", screen=screen)
            for screen in ("root", "services", "requirements")] == [1, 1, 1]
    assert grew("sapa_ussd_hop_seconds_count") == 3


def test_a_hop_without_redis_is_counted_as_such(app_with):
    client = app_with(REDIS_URL="redis://127.0.0.1:1/0").test_client()
    before = value(scrape(client), "sapa_ussd_hops_total", outcome="redis_down", screen="outage")
    Phone(client).dial()
    assert value(scrape(client), "sapa_ussd_hops_total", outcome="redis_down", screen="outage") == before + 1


def test_sms_are_counted_by_provider_and_status_with_the_spend(sms_app, run_worker, stand_in):
    client = sms_app.test_client()
    post_incoming(client, "INFO")
    post_incoming(client, "BANTUAN")
    samples = scrape(client)
    assert value(samples, "sapa_queue_jobs", state="queued") == 2
    assert value(samples, "sapa_queue_oldest_job_age_seconds") >= 0
    run_worker()
    samples = scrape(client)
    assert value(samples, "sapa_sms_messages", provider="africastalking", status="sent") == 2
    assert value(samples, "sapa_sms_spend_rupiah_total", provider="africastalking") == 2 * 350
    assert value(samples, "sapa_sms_retries_total", provider="africastalking") == 0
    assert value(samples, "sapa_queue_jobs", state="queued") == 0
    assert value(samples, "sapa_queue_failed_jobs") == 0
    assert value(samples, "sapa_sms_sending_paused") == 0
    assert value(samples, "sapa_scrape_source_up", source="database") == 1
    assert "6281234567890" not in client.get("/metrics").text


def test_retries_and_a_pause_show(sms_app, run_worker, stand_in, database):
    stand_in.script = ["http500", "http500"]
    post_incoming(sms_app.test_client(), "INFO")
    run_worker()
    with Session(database) as session, session.begin():
        session.add(SendingPause(reason="405 InsufficientBalance"))
    samples = scrape(sms_app.test_client())
    assert value(samples, "sapa_sms_retries_total", provider="africastalking") == 2
    assert value(samples, "sapa_sms_sending_paused") == 1


def test_a_scrape_still_answers_when_the_database_is_down(app_with, unreachable_database_url):
    samples = scrape(app_with(DATABASE_URL=unreachable_database_url).test_client())
    assert value(samples, "sapa_scrape_source_up", source="database") == 0
    assert value(samples, "sapa_scrape_source_up", source="redis") == 1


def test_a_body_too_large_is_counted_as_a_limit_hit(client):
    before = value(scrape(client), "sapa_limits_hit_total", limit="body_too_large")
    assert client.post("/ussd", data={"text": "x" * 20000}).status_code == 413
    assert value(scrape(client), "sapa_limits_hit_total", limit="body_too_large") == before + 1
