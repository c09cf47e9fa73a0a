"""Counts for the lurah and the camat: the summary of a month, a few aggregate queries whatever the
number of rows."""

from .summary import Summary, month_of, parse_cost, summarise

__all__ = ["Summary", "month_of", "parse_cost", "summarise"]
