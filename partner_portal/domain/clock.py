"""The injectable clock: every rule about time reads ``now()``; tests move it."""
import datetime as dt

_fixed: dt.datetime | None = None


def now() -> dt.datetime:
    """Aware UTC, to the second (the database stores and returns UTC)."""
    if _fixed is not None:
        return _fixed
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def today() -> dt.date:
    return now().date()


def set_now(value: dt.datetime | None) -> None:
    global _fixed
    _fixed = value if value is None or value.tzinfo else value.replace(tzinfo=dt.UTC)


def advance(**delta) -> dt.datetime:
    set_now(now() + dt.timedelta(**delta))
    return now()
