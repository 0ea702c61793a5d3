"""Users, roles and delegations, managed by admins."""

from __future__ import annotations

from flask import g

from ledgerline_gateway import users
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import page_of
from ledgerline_gateway.commands import (
    DelegationAdded, DelegationView, NewDelegation, NewUser, UserChanges, UserFilters, UserView,
)
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("GET", "/users", capability=Capability.MANAGE_USERS, tag="users", summary="List users",
              query=UserFilters, response=page_of(UserView))
def list_users(req: ApiRequest):
    return users.list_users(g.db, req.actor, req.query)


@api.endpoint("POST", "/users", capability=Capability.MANAGE_USERS, tag="users", status=201, body=NewUser,
              response=UserView, summary="Create a user (customers: with their account)")
def create_user(req: ApiRequest):
    return users.create_user(g.db, req.actor, req.body)


@api.endpoint("GET", "/users/<uuid:user_id>", capability=Capability.MANAGE_USERS, tag="users",
              summary="Show a user", response=UserView)
def get_user(req: ApiRequest):
    return users.get_user(g.db, req.actor, req.path["user_id"])


@api.endpoint("PATCH", "/users/<uuid:user_id>", capability=Capability.MANAGE_USERS, tag="users", body=UserChanges,
              response=UserView, summary="Change a user's name, role, account, password or deactivate them")
def update_user(req: ApiRequest):
    return users.update_user(g.db, req.actor, req.path["user_id"], req.body)


@api.endpoint("GET", "/delegations", capability=Capability.MANAGE_USERS, tag="users",
              summary="List who oversees whom", response=list[DelegationView])
def list_delegations(req: ApiRequest):
    return users.list_delegations(g.db, req.actor)


@api.endpoint("POST", "/delegations", capability=Capability.MANAGE_USERS, tag="users", status=201,
              body=NewDelegation, response=DelegationAdded,
              summary="Let a partner or associate partner oversee a user's work")
def add_delegation(req: ApiRequest):
    return users.add_delegation(g.db, req.actor, req.body)


@api.endpoint("DELETE", "/delegations/<uuid:principal_id>/<uuid:delegate_id>", capability=Capability.MANAGE_USERS,
              tag="users", status=204, summary="End a delegation")
def remove_delegation(req: ApiRequest):
    users.remove_delegation(g.db, req.actor, req.path["principal_id"], req.path["delegate_id"])
