"""Working days: Monday to Friday, less the platform's holiday list (the ``Holiday`` table)."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from partner_portal.models import Holiday

# Far enough for any deadline the portal computes; stops a bad holiday table from looping forever.
_MAX_SPAN_DAYS = 3660


def holidays(session: Session, start: dt.date, end: dt.date) -> set[dt.date]:
    return set(session.exec(select(Holiday.day).where(Holiday.day >= start, Holiday.day <= end)))


def is_working_day(session: Session, day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays(session, day, day)


def add_working_days(session: Session, start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (``start`` itself never counts); n = 0 gives ``start``."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start
    # one query for a window that surely holds n working days (weekends and holidays included)
    window_end = start + dt.timedelta(days=n * 2 + 30)
    off = holidays(session, start, window_end)
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if day > window_end:
            window_end = day + dt.timedelta(days=n * 2 + 30)
            off |= holidays(session, day, window_end)
        if (day - start).days > _MAX_SPAN_DAYS:
            raise ValueError("no working days in range")
        if day.weekday() < 5 and day not in off:
            counted += 1
    return day


def working_days_between(session: Session, start: dt.date, end: dt.date) -> int:
    """Working days d with start < d <= end (0 when end is not after start)."""
    if end <= start:
        return 0
    off = holidays(session, start, end)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            count += 1
    return count
