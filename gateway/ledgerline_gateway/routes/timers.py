"""Timers and the rounding rules applied when they are committed (owned by timetracking)."""

from __future__ import annotations

from ledgerline_contracts.commands.timetracking import CommitTimer, EditTimer, RoundingRule, StartTimer
from ledgerline_contracts.views.timetracking import CommittedTimer, RoundingRules, TimerView
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import list_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("POST", "/timers", capability=Capability.RECORD_TIME, tag="timers", status=201, body=StartTimer,
              response=TimerView,
              summary="Start a timer (general, on a ticket or matter, or on an account); pauses your running one")
def start_timer(req: ApiRequest):
    return req.call("timetracking", "start_timer", req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("GET", "/timers", capability=Capability.RECORD_TIME, tag="timers",
              response=list_of(TimerView),
              summary="List your timers not yet committed or discarded")
def list_timers(req: ApiRequest):
    return req.call("timetracking", "list_timers")


@api.endpoint("GET", "/timers/<uuid:timer_id>", capability=Capability.RECORD_TIME, tag="timers",
              response=TimerView,
              summary="Show one of your timers, with its elapsed time")
def get_timer(req: ApiRequest):
    return req.call("timetracking", "get_timer", str(req.path["timer_id"]))


@api.endpoint("PATCH", "/timers/<uuid:timer_id>", capability=Capability.RECORD_TIME, tag="timers", body=EditTimer,
              response=TimerView,
              summary="Describe or assign a timer")
def update_timer(req: ApiRequest):
    return req.call("timetracking", "update_timer", str(req.path["timer_id"]),
                    req.body.model_dump(mode="json", exclude_unset=True))


def _declare_move(action: str, summary: str) -> None:
    def move(req: ApiRequest):
        return req.call("timetracking", f"{action}_timer", str(req.path["timer_id"]))

    move.__name__ = f"{action}_timer"
    api.endpoint("POST", f"/timers/<uuid:timer_id>/{action}", capability=Capability.RECORD_TIME, tag="timers",
                 response=TimerView, summary=summary)(move)


_declare_move("pause", "Pause a running timer")
_declare_move("resume", "Resume a paused timer; pauses your running one")
_declare_move("stop", "Stop a timer (then commit or discard it)")


@api.endpoint("POST", "/timers/<uuid:timer_id>/commit", capability=Capability.RECORD_TIME, tag="timers",
              status=201, body=CommitTimer,
              response=CommittedTimer,
              summary="Commit a timer into a time entry, rounded by the account's rule")
def commit_timer(req: ApiRequest):
    return req.call("timetracking", "commit_timer", str(req.path["timer_id"]),
                    req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("DELETE", "/timers/<uuid:timer_id>", capability=Capability.RECORD_TIME, tag="timers", status=204,
              summary="Discard a timer")
def discard_timer(req: ApiRequest):
    return req.call("timetracking", "discard_timer", str(req.path["timer_id"]))


@api.endpoint("GET", "/rounding-rules", capability=Capability.VIEW_TEAM_WORK, tag="timers",
              response=RoundingRules,
              summary="Show how committed timers are rounded: the default and per-account rules")
def get_rounding_rules(req: ApiRequest):
    return req.call("timetracking", "get_rounding_rules")


@api.endpoint("PUT", "/rounding-rules/default", capability=Capability.MANAGE_BILLING, tag="timers",
              body=RoundingRule, response=RoundingRules,
              summary="Set the organization's default rounding rule")
def set_default_rounding_rule(req: ApiRequest):
    return req.call("timetracking", "set_rounding_rule", req.body.model_dump(mode="json"))


@api.endpoint("PUT", "/rounding-rules/accounts/<uuid:account_id>", capability=Capability.MANAGE_BILLING,
              tag="timers", body=RoundingRule, response=RoundingRules,
              summary="Set an account's own rounding rule")
def set_account_rounding_rule(req: ApiRequest):
    return req.call("timetracking", "set_rounding_rule", req.body.model_dump(mode="json"),
                    account_id=str(req.path["account_id"]))


@api.endpoint("DELETE", "/rounding-rules/accounts/<uuid:account_id>", capability=Capability.MANAGE_BILLING,
              tag="timers", response=RoundingRules,
              summary="Return an account to the default rounding rule")
def clear_account_rounding_rule(req: ApiRequest):
    return req.call("timetracking", "clear_rounding_rule", str(req.path["account_id"]))
