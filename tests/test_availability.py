"""Tests for footdrop.Availability and footdrop.Window, clock changes included."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footdrop import Availability, Weekday, Window
from footdrop.exceptions import InvalidTypeError, InvalidValueError

UTC = dt.UTC
ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Tokyo")
CHANGES = (
    dt.date(2026, 3, 29),
    dt.date(2026, 10, 25),
    dt.date(2026, 3, 8),
    dt.date(2026, 11, 1),
    dt.date(2026, 4, 5),
    dt.date(2026, 10, 4),
    dt.date(2026, 7, 1),
)


def _time(minute: int) -> dt.time:
    return dt.time(minute // 60, minute % 60)


@st.composite
def windows(draw: st.DrawFn) -> Window:
    start = draw(st.integers(0, 23 * 60 + 58))
    end = draw(st.integers(start + 1, 23 * 60 + 59))
    return Window(start=_time(start), end=_time(end))


class TestIntervals:
    def test_plain_day(self):
        """On a day without a clock change, the intervals are the windows themselves."""
        day = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
        ((a, b),) = day.intervals_on(dt.date(2026, 6, 1))
        assert (dt.time(7, 30), dt.time(21, 30)) == (a.time(), b.time())
        assert dt.timedelta(hours=14) == b.astimezone(UTC) - a.astimezone(UTC)

    def test_spring_forward_shortens_a_night_window(self):
        """A 00:30-03:00 window on the London spring change lasts 1.5 h of real time."""
        night = Availability.daily(start=dt.time(0, 30), end=dt.time(3), tz="Europe/London")
        ((a, b),) = night.intervals_on(dt.date(2026, 3, 29))
        assert dt.timedelta(minutes=90) == b.astimezone(UTC) - a.astimezone(UTC)

    def test_fall_back_lengthens_a_night_window(self):
        """A 01:00-02:00 window on the London autumn change is two real hours, in one piece."""
        night = Availability.daily(start=dt.time(1), end=dt.time(2), tz="Europe/London")
        ((a, b),) = night.intervals_on(dt.date(2026, 10, 25))
        assert dt.timedelta(hours=2) == b.astimezone(UTC) - a.astimezone(UTC)

    def test_a_window_inside_the_skipped_hour_has_no_time(self):
        """A window wholly inside the skipped hour gives no interval that day."""
        gap = Availability.daily(start=dt.time(1, 10), end=dt.time(1, 50), tz="Europe/London")
        assert () == gap.intervals_on(dt.date(2026, 3, 29))

    def test_rest_days_have_none(self):
        """Rest weekdays and skipped dates have no intervals."""
        day = Availability.daily(
            start=dt.time(8),
            end=dt.time(9),
            tz="UTC",
            rest_weekdays=[Weekday.MONDAY],
            skipped_dates=[dt.date(2026, 6, 2)],
        )
        assert () == day.intervals_on(dt.date(2026, 6, 1))
        assert () == day.intervals_on(dt.date(2026, 6, 2))
        assert 1 == len(day.intervals_on(dt.date(2026, 6, 3)))

    @settings(max_examples=150)
    @given(st.sampled_from(ZONES), st.sampled_from(CHANGES), windows())
    def test_intervals_are_exactly_the_window_times(self, tz, on, window):
        """A whole minute is in an interval exactly when its local time lies in the window."""
        zone = zoneinfo.ZoneInfo(tz)
        day = Availability(windows=[window], tz=tz)
        intervals = [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in day.intervals_on(on)]
        for a, b in intervals:
            assert a < b
            for moment in (a, b):
                local = moment.astimezone(zone)
                assert on == local.date()
                assert window.start <= local.time().replace(second=0) <= window.end
        midnight = dt.datetime(on.year, on.month, on.day, tzinfo=zone).astimezone(UTC)
        for minute in range(-120, 26 * 60, 7):
            moment = midnight + dt.timedelta(minutes=minute)
            local = moment.astimezone(zone)
            inside = local.date() == on and window.start <= local.time() <= window.end
            covered = any(a <= moment <= b for a, b in intervals)
            assert inside == covered

    def test_a_datetime_is_not_a_day(self):
        """intervals_on() refuses a datetime as a wrong type, naming 'day'."""
        day = Availability.daily(start=dt.time(8), end=dt.time(9), tz="UTC")
        with pytest.raises(InvalidTypeError) as caught:
            day.intervals_on(dt.datetime(2026, 6, 1, tzinfo=UTC))
        assert "day" == caught.value.field


class TestBadInput:
    def test_window_ending_before_it_starts(self):
        """A window whose end is before its start names 'end' and suggests a fix."""
        with pytest.raises(InvalidValueError) as caught:
            Window(start=dt.time(21), end=dt.time(19))
        assert "end" == caught.value.field

    def test_zero_length_window(self):
        """A window that ends when it starts (a zero-length day) is refused."""
        with pytest.raises(InvalidValueError) as caught:
            Window(start=dt.time(8), end=dt.time(8))
        assert "end" == caught.value.field

    def test_overlapping_windows(self):
        """Two windows of one weekday that overlap are refused, naming 'windows'."""
        with pytest.raises(InvalidValueError) as caught:
            Availability(
                windows=[
                    Window(start=dt.time(8), end=dt.time(10)),
                    Window(start=dt.time(9), end=dt.time(11)),
                ],
                tz="UTC",
            )
        assert "windows" == caught.value.field

    def test_no_windows(self):
        """An availability without windows is refused."""
        with pytest.raises(InvalidValueError) as caught:
            Availability(windows=[], tz="UTC")
        assert "windows" == caught.value.field

    @pytest.mark.parametrize("tz", ["Mars/Olympus", "", "utc+1"])
    def test_unknown_time_zone(self, tz):
        """An unknown time zone names 'tz'."""
        with pytest.raises(InvalidValueError) as caught:
            Availability.daily(start=dt.time(8), end=dt.time(9), tz=tz)
        assert "tz" == caught.value.field

    def test_aware_window_times(self):
        """Window times carrying a tzinfo are refused: the zone belongs to the availability."""
        with pytest.raises(InvalidValueError) as caught:
            Window(start=dt.time(8, tzinfo=UTC), end=dt.time(9))
        assert "start" == caught.value.field

    def test_skipped_dates_must_be_dates(self):
        """Skipped dates that are datetimes are refused, naming 'skipped_dates' and the index."""
        with pytest.raises(InvalidTypeError) as caught:
            Availability.daily(
                start=dt.time(8),
                end=dt.time(9),
                tz="UTC",
                skipped_dates=[dt.datetime(2026, 6, 1, tzinfo=UTC)],
            )
        assert "skipped_dates[0]" == caught.value.field

    @pytest.mark.parametrize(
        ("field", "value"),
        [("max_session_minutes", 0), ("max_sessions_per_day", 13), ("min_rest_minutes", -5)],
    )
    def test_limits_out_of_range(self, field, value):
        """Limits out of range name their field."""
        with pytest.raises(InvalidValueError) as caught:
            Availability.daily(start=dt.time(8), end=dt.time(9), tz="UTC", **{field: value})
        assert field == caught.value.field
