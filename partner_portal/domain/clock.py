"""The injectable clock: every rule about time reads ``now()``; tests move it."""
import datetime as dt

_fixed: dt.datetime | None = None


def now() -> dt.datetime:
    """Naive UTC, to the second."""
    if _fixed is not None:
        return _fixed
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def today() -> dt.date:
    return now().date()


def set_now(value: dt.datetime | None) -> None:
    global _fixed
    _fixed = value


def advance(**delta) -> dt.datetime:
    set_now(now() + dt.timedelta(**delta))
    return now()
