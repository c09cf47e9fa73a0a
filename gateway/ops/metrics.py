"""GET /metrics in Prometheus's text format: the web processes' own counters (gateway/metrics.py,
added up across gunicorn's workers in multiprocess mode) and what the database and Redis know,
read at scrape time so that every worker and container is counted once.

Only counts: no phone number, name or text ever becomes a label.
"""

import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime

from flask import Blueprint, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..services import Services, current_services
from ..store.messages import MessageStatus, OutboundSms, open_pause
from .readiness import live_workers

bp = Blueprint("metrics", __name__)
log = logging.getLogger(__name__)
CHARGED = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED)


@bp.get("/metrics")
def metrics():
    """Every metric, for Prometheus to scrape."""
    registry = CollectorRegistry()
    multiprocess = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
    if multiprocess:
        MultiProcessCollector(registry)
    registry.register(StoreCollector(current_services()))
    body = generate_latest(registry) + (b"" if multiprocess else generate_latest(REGISTRY))
    return Response(body, content_type=CONTENT_TYPE_LATEST)


class StoreCollector:
    """Read, at scrape time, what the message table and the queue say."""

    def __init__(self, services: Services):
        self.services = services

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("sapa_scrape_source_up", "1 when this source could be read for this scrape",
                               labels=["source"])
        for source, read in (("database", self._messages), ("redis", self._queue)):
            try:
                yield from read()
                up.add_metric([source], 1)
            except Exception as exc:  # a scrape must still answer when a source is down
                log.warning("metrics: %s unreadable: %s", source, type(exc).__name__)
                up.add_metric([source], 0)
        yield up

    def _messages(self) -> Iterator[Metric]:
        price = self.services.settings.sms_price_per_segment
        with Session(self.services.database) as session:
            rows = session.execute(select(OutboundSms.provider, OutboundSms.status, func.count(),
                                          func.sum(OutboundSms.segments), func.sum(OutboundSms.attempts))
                                   .group_by(OutboundSms.provider, OutboundSms.status)).all()
            paused = open_pause(session) is not None
        by_status = GaugeMetricFamily("sapa_sms_messages", "Outgoing SMS by provider and status",
                                      labels=["provider", "status"])
        spend = CounterMetricFamily("sapa_sms_spend_rupiah", "Estimated spend: segments the provider "
                                    "took times SMS_PRICE_PER_SEGMENT", labels=["provider"])
        retries = CounterMetricFamily("sapa_sms_retries", "Send attempts beyond the first",
                                      labels=["provider"])
        spent, tried = {}, {}
        for provider, status, count, segments, attempts in rows:
            by_status.add_metric([provider or "none", status], count)
            if status in CHARGED:
                spent[provider or "none"] = spent.get(provider or "none", 0) + (segments or 0) * price
            extra = (attempts or 0) - count if status not in (MessageStatus.QUEUED, MessageStatus.HELD) else 0
            tried[provider or "none"] = tried.get(provider or "none", 0) + max(extra, 0)
        for provider, value in spent.items():
            spend.add_metric([provider], value)
        for provider, value in tried.items():
            retries.add_metric([provider], value)
        yield from (by_status, spend, retries,
                    GaugeMetricFamily("sapa_sms_sending_paused", "1 while all sending is paused "
                                      "(the provider's balance ran out)", value=int(paused)))

    def _queue(self) -> Iterator[Metric]:
        queue = self.services.jobs.queue
        jobs = GaugeMetricFamily("sapa_queue_jobs", "Jobs by state", labels=["state"])
        jobs.add_metric(["queued"], queue.count)
        jobs.add_metric(["scheduled"], ScheduledJobRegistry(queue=queue).count)
        jobs.add_metric(["started"], StartedJobRegistry(queue=queue).count)
        failed = FailedJobRegistry(queue=queue).count
        jobs.add_metric(["failed"], failed)
        oldest = queue.get_job_ids(0, 0)
        job = queue.fetch_job(oldest[0]) if oldest else None
        enqueued = job.enqueued_at if job else None
        age = (datetime.now(UTC) - enqueued.replace(tzinfo=UTC)).total_seconds() if enqueued else 0
        yield from (jobs,
                    GaugeMetricFamily("sapa_queue_failed_jobs", "Jobs in RQ's failed registry", value=failed),
                    GaugeMetricFamily("sapa_queue_oldest_job_age_seconds", "Age of the job waiting longest",
                                      value=max(age, 0)),
                    GaugeMetricFamily("sapa_workers_live", "Workers that sent a heartbeat lately",
                                      value=live_workers(self.services)))
