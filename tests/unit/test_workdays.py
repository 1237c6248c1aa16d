"""Working days: Monday–Friday less the holiday table."""
import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from partner_portal.domain import workdays
from partner_portal.models import Holiday

FRI = dt.date(2026, 12, 4)
MON = dt.date(2026, 12, 7)


def test_weekend_is_skipped(session):
    assert workdays.add_working_days(session, FRI, 1) == MON
    assert not workdays.is_working_day(session, dt.date(2026, 12, 5))
    assert workdays.is_working_day(session, MON)


def test_holiday_is_not_a_working_day(session):
    session.add(Holiday(day=MON, name="Bridge day"))
    session.commit()
    assert not workdays.is_working_day(session, MON)
    assert workdays.add_working_days(session, FRI, 1) == dt.date(2026, 12, 8)


def test_ten_working_days_span_two_weekends(session):
    tue = dt.date(2026, 12, 1)
    assert workdays.add_working_days(session, tue, 10) == dt.date(2026, 12, 15)
    assert workdays.add_working_days(session, tue, 0) == tue


def test_a_week_of_holidays_pushes_the_date_a_week(session):
    for i in range(5):
        session.add(Holiday(day=dt.date(2026, 12, 7) + dt.timedelta(days=i)))
    session.commit()
    assert workdays.add_working_days(session, FRI, 1) == dt.date(2026, 12, 14)
    assert workdays.working_days_between(session, FRI, dt.date(2026, 12, 14)) == 1


def test_negative_count_is_refused(session):
    import pytest
    with pytest.raises(ValueError):
        workdays.add_working_days(session, FRI, -1)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(start=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31)), n=st.integers(1, 40))
def test_adding_n_working_days_lands_on_a_working_day_n_working_days_later(session, start, n):
    end = workdays.add_working_days(session, start, n)
    assert workdays.is_working_day(session, end)
    assert workdays.working_days_between(session, start, end) == n
    assert workdays.working_days_between(session, start, end - dt.timedelta(days=1)) == n - 1
