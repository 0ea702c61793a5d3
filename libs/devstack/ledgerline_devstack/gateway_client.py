"""The gateway as its operator and users reach it: ``ledgerline-gateway create-org`` for a new
organization and its first admin, the REST API for everything after (users, delegations, who
someone is). Devstack never touches the gateway's tables or imports its code.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field

import requests

from ledgerline_contracts import Actor
from ledgerline_devstack.platform import command_path, environment
from ledgerline_servicekit.config import Settings


def create_org(settings: Settings, *, name: str, slug: str, admin_email: str, admin_name: str,
               admin_password: str) -> None:
    """A new organization with its first admin, as an operator makes one (the gateway's CLI)."""
    done = subprocess.run(
        [command_path("ledgerline-gateway"), "create-org", "--name", name, "--slug", slug,
         "--admin-email", admin_email, "--admin-name", admin_name],
        env={**os.environ, **environment(settings), "LEDGERLINE_ADMIN_PASSWORD": admin_password},
        capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ledgerline-gateway create-org {slug} failed: {done.stderr.strip()}")


@dataclass
class ApiClient:
    """One signed-in user talking to the gateway."""

    base_url: str
    token: str
    user_id: str
    email: str
    me: dict = field(default_factory=dict, repr=False)  # GET /me when signed in

    @classmethod
    def sign_in(cls, base_url: str, email: str, password: str) -> ApiClient | None:
        """None if the gateway does not know these credentials."""
        response = requests.post(f"{base_url}/api/v1/auth/token", json={"email": email, "password": password},
                                 timeout=30)
        if response.status_code == 401:
            return None
        assert response.status_code == 201, response.text
        body = response.json()
        return cls(base_url, body["token"], body["user"]["id"], email, body["user"])

    @property
    def actor(self) -> Actor:
        """Who this user is to the services (what the gateway hands them), for calling them directly."""
        return Actor(user_id=self.me["id"], org_id=self.me["org_id"], role=self.me["role"], name=self.me["name"],
                     delegates=tuple(self.me["delegates"]), account_id=self.me["account_id"])

    def request(self, method: str, path: str, expect: int | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        response = requests.request(method, f"{self.base_url}/api/v1{path}", headers=headers, timeout=30, **kwargs)
        if expect is not None:
            assert response.status_code == expect, f"{method} {path} → {response.status_code}: {response.text}"
        return response

    def get(self, path: str, expect: int | None = 200, **kwargs):
        return self.request("GET", path, expect, **kwargs)

    def post(self, path: str, json: dict | None = None, expect: int | None = None, **kwargs):
        return self.request("POST", path, expect, json=json if json is not None else {}, **kwargs)

    def add_user(self, *, email: str, name: str, role: str, password: str, account_id: str | None = None,
                 delegates: tuple[str, ...] = ()) -> str:
        """As this admin: a new user in the organization, overseeing ``delegates`` (user ids); returns its id."""
        user = self.post("/users", {"email": email, "name": name, "role": role, "password": password,
                                    "account_id": account_id}, expect=201).json()
        for delegate in delegates:
            self.post("/delegations", {"principal_id": user["id"], "delegate_id": delegate}, expect=201)
        return user["id"]
