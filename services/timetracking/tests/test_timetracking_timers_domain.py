"""Unit tests: the timer's states and clock, and the rounding rule of a commit."""

from datetime import UTC, datetime, timedelta

import pytest

from ledgerline_contracts import Conflict, ValidationFailed
from ledgerline_contracts.commands.timetracking import RoundingRule

from ledgerline_timetracking.domain import rounding
from ledgerline_timetracking.domain.timers import TimerClock, TimerStatus, committed_minutes, require_assignment

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def later(seconds):
    return T0 + timedelta(seconds=seconds)


# --- rounding -------------------------------------------------------------------------------

@pytest.mark.parametrize(("mode", "increment", "seconds", "minutes"), [
    ("up", 1, 1, 1), ("up", 1, 60, 1), ("up", 1, 61, 2),
    ("up", 6, 1, 6), ("up", 6, 360, 6), ("up", 6, 361, 12),
    ("up", 15, 0, 0), ("up", 15, 15 * 60, 15), ("up", 15, 15 * 60 + 1, 30),
    ("nearest", 1, 29, 0), ("nearest", 1, 30, 1), ("nearest", 1, 89, 1),
    ("nearest", 6, 179, 0), ("nearest", 6, 180, 6), ("nearest", 6, 539, 6), ("nearest", 6, 540, 12),
    ("nearest", 15, 449, 0), ("nearest", 15, 450, 15), ("nearest", 15, 1349, 15), ("nearest", 15, 1350, 30),
])
def test_rounding_up_or_to_the_nearest_increment(mode, increment, seconds, minutes):
    assert rounding.rounded_minutes(seconds, RoundingRule(mode=mode, increment_minutes=increment)) == minutes


def test_the_account_rule_wins_over_the_organizations_which_wins_over_a_minute():
    account = RoundingRule(mode="nearest", increment_minutes=15)
    org = RoundingRule(mode="up", increment_minutes=6)
    assert rounding.effective_rule(account, org) is account
    assert rounding.effective_rule(None, org) is org
    assert rounding.effective_rule(None, None) == RoundingRule(mode="up", increment_minutes=1)
    assert rounding.describe(org) == "up to the next 6 minutes"
    assert rounding.describe(rounding.DEFAULT_RULE) == "up to the next minute"


def test_only_the_documented_increments_are_accepted():
    with pytest.raises(ValueError, match="increment_minutes"):
        RoundingRule(mode="up", increment_minutes=7)
    with pytest.raises(ValueError, match="mode"):
        RoundingRule(mode="down", increment_minutes=6)


def test_a_commit_bills_the_rounded_minutes_within_an_entrys_limits():
    assert committed_minutes(7 * 60 + 10, RoundingRule(mode="up", increment_minutes=6)) == 12
    with pytest.raises(ValidationFailed, match="ran 0:07:10, which rounds .* to 0 minutes") as refused:
        committed_minutes(7 * 60 + 10, RoundingRule(mode="nearest", increment_minutes=15))
    assert refused.value.field == "duration_minutes"
    assert committed_minutes(24 * 3600, rounding.DEFAULT_RULE) == 1440
    with pytest.raises(ValidationFailed, match="more than the 24 hours") as refused:
        committed_minutes(24 * 3600 + 1, rounding.DEFAULT_RULE)
    assert refused.value.field == "duration_minutes"


def test_a_general_timer_needs_an_assignment_to_be_committed():
    with pytest.raises(ValidationFailed, match="assign the timer") as refused:
        require_assignment(None)
    assert refused.value.field == "account_id"


# --- the clock ------------------------------------------------------------------------------

def test_the_clock_counts_only_running_time():
    clock = TimerClock.started(T0)
    assert clock.elapsed(later(90)) == 90
    paused = clock.pause(later(100))
    assert paused.status is TimerStatus.PAUSED and paused.elapsed(later(5000)) == 100
    resumed = paused.resume(later(1000))
    assert resumed.elapsed(later(1030)) == 130
    stopped = resumed.stop(later(1100))
    assert stopped.elapsed(later(99999)) == 200
    committed = stopped.commit(later(99999))
    assert (committed.status, committed.accumulated_seconds) == (TimerStatus.COMMITTED, 200)


def test_the_clock_survives_being_written_down_and_read_back():
    """A restart rebuilds the clock from its stored columns: no elapsed time is lost."""
    running = TimerClock.started(T0).pause(later(60)).resume(later(120))
    stored = (running.status.value, running.accumulated_seconds, running.running_since)
    rebuilt = TimerClock(TimerStatus(stored[0]), stored[1], stored[2])
    assert rebuilt.elapsed(later(3720)) == 60 + 3600


def test_a_clock_never_runs_backwards():
    assert TimerClock.started(T0).elapsed(T0 - timedelta(seconds=5)) == 0


RUNNING, PAUSED, STOPPED, COMMITTED, DISCARDED = (TimerClock(s, 10, T0 if s is TimerStatus.RUNNING else None)
                                                  for s in TimerStatus)
ACTIONS = ("pause", "resume", "stop", "discard", "commit")


@pytest.mark.parametrize(("clock", "allowed"), [
    (RUNNING, {"pause": "paused", "stop": "stopped", "discard": "discarded", "commit": "committed"}),
    (PAUSED, {"resume": "running", "stop": "stopped", "discard": "discarded", "commit": "committed"}),
    (STOPPED, {"discard": "discarded", "commit": "committed"}),
    (COMMITTED, {}),
    (DISCARDED, {}),
], ids=lambda value: value.status.value if isinstance(value, TimerClock) else "")
def test_every_timer_state_change(clock, allowed):
    for action in ACTIONS:
        if action in allowed:
            assert getattr(clock, action)(later(30)).status.value == allowed[action]
        else:
            with pytest.raises(Conflict, match=f"cannot be {action.removesuffix('e')}"):
                getattr(clock, action)(later(30))


def test_refusals_say_what_to_do_instead():
    with pytest.raises(Conflict, match="the timer is stopped; commit or discard it"):
        STOPPED.resume(later(1))
    with pytest.raises(Conflict, match="already committed"):
        COMMITTED.discard(later(1))
    with pytest.raises(Conflict, match="the timer is paused; it cannot be paused"):
        PAUSED.pause(later(1))
    with pytest.raises(Conflict, match="already discarded"):
        DISCARDED.require_active()
