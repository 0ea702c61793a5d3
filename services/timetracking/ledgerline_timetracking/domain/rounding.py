"""How a committed timer's measured time becomes billed minutes.

The rule is the account's, or else the organization's default, or else
"up to the next minute". ``up`` bills every started increment (up to 6 minutes:
6:01 → 12); ``nearest`` rounds half-up to the nearest increment (to 15 minutes:
7:29 → 0, 7:30 → 15). Only committed timers are rounded; manual entries are
recorded as given. The measured seconds are kept beside the billed minutes.
"""

from __future__ import annotations

from ledgerline_contracts.commands.timetracking import RoundingRule

DEFAULT_RULE = RoundingRule(mode="up", increment_minutes=1)


def rounded_minutes(raw_seconds: int, rule: RoundingRule) -> int:
    if raw_seconds < 0:
        raise ValueError("a duration cannot be negative")
    step = rule.increment_minutes * 60
    if rule.mode == "up":
        steps = -(-raw_seconds // step)  # ceiling
    else:
        steps = (raw_seconds + step // 2) // step  # half-up
    return steps * rule.increment_minutes


def describe(rule: RoundingRule) -> str:
    unit = "minute" if rule.increment_minutes == 1 else f"{rule.increment_minutes} minutes"
    return f"{'up to the next' if rule.mode == 'up' else 'to the nearest'} {unit}"


def effective_rule(account_rule: RoundingRule | None, org_rule: RoundingRule | None) -> RoundingRule:
    return account_rule or org_rule or DEFAULT_RULE
