"""Waiting out a lost Redis or database: growing waits within a budget, and only for those errors."""

import pytest
import redis
from sqlalchemy.exc import IntegrityError, OperationalError

from gateway.backoff import out_of_reach, patiently, waits


def test_waits_double_up_to_the_longest_and_stay_within_the_budget():
    assert list(waits(20.0)) == [0.5, 1.0, 2.0, 4.0, 8.0]
    assert list(waits(0.1)) == []
    endless = waits(float("inf"), first=1.0, longest=30.0)
    assert [next(endless) for _ in range(7)] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


@pytest.mark.parametrize(("error", "waited_out"), [
    (redis.exceptions.ConnectionError("refused"), True),
    (redis.exceptions.TimeoutError("slow"), True),
    (OperationalError("UPDATE", {}, Exception("server closed the connection")), True),
    (IntegrityError("INSERT", {}, Exception("duplicate key")), False),
    (ValueError("a bug"), False),
])
def test_only_a_lost_redis_or_database_is_waited_out(error, waited_out):
    assert out_of_reach(error) is waited_out


def test_a_call_is_tried_again_until_its_dependency_returns():
    failures, slept = [redis.exceptions.ConnectionError("down")] * 3, []

    def call():
        if failures:
            raise failures.pop()
        return "done"

    assert patiently(call, "a test", budget=60, sleep=slept.append) == "done"
    assert slept == [0.5, 1.0, 2.0]


def test_the_last_error_comes_through_once_the_budget_is_spent():
    slept = []

    def call():
        raise OperationalError("SELECT 1", {}, Exception("could not connect"))

    with pytest.raises(OperationalError):
        patiently(call, "a test", budget=4, sleep=slept.append)
    assert slept == [0.5, 1.0, 2.0]


def test_any_other_error_comes_through_at_once():
    slept = []
    with pytest.raises(KeyError):
        patiently(lambda: {}["missing"], "a test", sleep=slept.append)
    assert slept == []
