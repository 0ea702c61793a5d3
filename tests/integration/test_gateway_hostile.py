"""Hostile tests against the real services (OWASP API Top 10: object- and function-level
authorization, mass assignment), written over the declared routes so routes added later are covered.
"""

import re
import uuid

import pytest
import requests

from ledgerline_contracts import Role
from ledgerline_devstack.testing import PASSWORD, Firm, Organization, eventually, example_of, locked_draft
from ledgerline_gateway.permissions import allows
from ledgerline_gateway.routes import load_all

API = [e for e in load_all().endpoints if not e.public]
PARAM = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
# Where an id of each kind goes: path parameters, body fields and filters with these names.
KINDS = {"account_id": "account", "invoice_id": "invoice", "entry_id": "entry", "user_id": "user",
         "principal_id": "partner", "delegate_id": "user", "token_id": "token"}


def fill(rule: str, ids: dict | None = None) -> str:
    ids = ids or {}
    return PARAM.sub(lambda m: str(ids.get(KINDS.get(m.group(1)), uuid.uuid4())), rule)


def staff_and_customer(org, account_id: str) -> dict:
    return {role: org.user(role, account_id=account_id if role is Role.CUSTOMER else None) for role in Role}


def test_every_route_and_role_agrees_with_the_matrix_on_the_real_services(firm, org):
    account = firm.account()
    users = staff_and_customer(org, account["id"])
    disagreements = []  # all of them at once: one wrong route should not hide the next
    for endpoint in API:
        for role, user in users.items():
            body = example_of(endpoint.body) if endpoint.body else None
            response = user.request(endpoint.method, fill(endpoint.rule), json=body)
            where = f"{endpoint.method} {endpoint.rule} as {role}: {response.status_code} {response.text[:200]}"
            if allows(endpoint.capability, role):
                # The gateway lets it through and the service agrees it is this role's to ask.
                if response.status_code in (401, 403, 500, 503):
                    disagreements.append(where)
            elif response.status_code != 403:
                disagreements.append(where)
    assert not disagreements, "\n".join(disagreements)


@pytest.fixture(scope="module")
def stranger(platform):
    """Another organization with an account, users, an unbilled entry, a draft and a posted invoice."""
    other = Organization(platform.settings, platform.url, "Globex")
    theirs = Firm(other)
    account = theirs.account("Globex Corp")
    theirs.record(account, 60, "Their posted work")
    posted = theirs.posted(account)
    entry = theirs.record(account, 30, "Their drafted work")
    draft = theirs.draft(account)
    unbilled = theirs.record(account, 15, "Their unbilled work")
    token = theirs.tech.get("/tokens").json()[0]
    theirs.ids = {"account": account["id"], "invoice": posted["id"], "entry": unbilled["id"],
                  "user": theirs.tech.user_id, "partner": theirs.partner.user_id, "token": token["id"]}
    theirs.draft_invoice, theirs.drafted_entry = draft, entry
    return theirs


def snapshot(theirs) -> dict:
    """What the other organization can see of its own data."""
    return {
        "invoices": sorted((i["id"], i["status"], i["balance"]["amount"])
                           for i in theirs.billing.get("/invoices").json()["items"]),
        "entries": sorted((e["id"], e["status"], e["duration_minutes"])
                          for e in theirs.billing.get("/time-entries").json()["items"]),
        "accounts": sorted((a["id"], a["name"]) for a in theirs.billing.get("/accounts").json()["items"]),
        "tokens": sorted((t["id"], t["revoked_at"]) for t in theirs.tech.get("/tokens").json()),
    }


def test_another_organizations_ids_are_not_found_anywhere_and_change_nothing(firm, org, stranger):
    ours = firm.account()
    users = staff_and_customer(org, ours["id"])
    before = snapshot(stranger)
    leaks = set(map(str, stranger.ids.values()))
    checked = {"path": 0, "body": 0, "filter": 0}
    problems = []  # all of them at once
    for endpoint in API:
        params = PARAM.findall(endpoint.rule)
        for role, user in users.items():
            if not allows(endpoint.capability, role):
                continue
            where = f"{endpoint.method} {endpoint.rule} as {role}"
            if params:  # their ids in the path
                body = example_of(endpoint.body) if endpoint.body else None
                response = user.request(endpoint.method, fill(endpoint.rule, stranger.ids), json=body)
                if response.status_code != 404:
                    problems.append((where, "path", response.status_code, response.text[:200]))
                checked["path"] += 1
            if endpoint.body is not None and set(endpoint.body.model_fields) & set(KINDS):
                body = {**example_of(endpoint.body), **{name: str(stranger.ids[KINDS[name]])
                                                        for name in endpoint.body.model_fields if name in KINDS}}
                response = user.request(endpoint.method, fill(endpoint.rule), json=body)
                # 404, or refused as bad input before any lookup (e.g. an account on a staff user).
                if response.status_code not in (404, 422):
                    problems.append((where, "body", response.status_code, response.text[:200]))
                checked["body"] += 1
            if endpoint.query is not None and set(endpoint.query.model_fields) & set(KINDS):
                query = {name: str(stranger.ids[KINDS[name]]) for name in endpoint.query.model_fields if name in KINDS}
                response = user.request(endpoint.method, fill(endpoint.rule), params=query)
                if response.status_code != 404:
                    problems.append((where, "filter", response.status_code, response.text[:200]))
                if leaks & set(re.findall(r"[0-9a-f-]{36}", response.text)):
                    problems.append((where, "filter leaked", response.status_code, response.text[:200]))
                checked["filter"] += 1
    assert not problems, "\n".join(map(str, problems))
    assert snapshot(stranger) == before
    assert checked["path"] >= 20 and checked["body"] >= 5 and checked["filter"] >= 5, checked


def test_their_ids_in_the_requests_that_matter_most_are_404(firm, org, stranger):
    admin = org.user("admin")
    cases = [
        (firm.tech, "POST", "/time-entries", {"account_id": stranger.ids["account"], "work_date": "2026-11-20",
                                              "duration_minutes": 30, "narrative": "sneaky"}),
        (firm.partner, "POST", "/invoices", {"account_id": stranger.ids["account"]}),
        (firm.partner, "POST", f"/invoices/{stranger.draft_invoice['id']}/approve", None),
        (firm.billing, "POST", f"/invoices/{stranger.ids['invoice']}/payments",
         {"amount": "1.00", "received_on": "2026-11-20", "method": "check"}),
        (admin, "POST", "/users", {"email": f"c-{uuid.uuid4().hex[:6]}@x.example", "name": "Casey",
                                   "role": "customer", "password": PASSWORD, "account_id": stranger.ids["account"]}),
        (admin, "POST", "/delegations", {"principal_id": stranger.ids["partner"], "delegate_id": stranger.ids["user"]}),
    ]
    before = snapshot(stranger)
    for user, method, path, body in cases:
        response = user.request(method, path, json=body)
        assert response.status_code == 404, (method, path, response.status_code, response.text)
    assert snapshot(stranger) == before
    assert firm.tech.get("/time-entries").json()["total"] == 0


def test_a_customer_reaches_only_their_own_accounts_invoices_and_time(firm, org):
    mine, other = firm.account(), firm.account()
    firm.record(mine, 60, "Our work for them")
    firm.record(other, 45, "Work for another client")
    my_invoice, other_invoice = firm.posted(mine), firm.posted(other)
    customer = org.user("customer", account_id=mine["id"])

    customer.get(f"/invoices/{other_invoice['id']}", expect=404)
    customer.get(f"/accounts/{other['id']}", expect=404)
    listed = customer.get("/invoices").json()["items"]
    assert [i["id"] for i in listed] == [my_invoice["id"]]
    # Filtering by another account is as unknown as opening it.
    customer.get("/invoices", params={"account_id": other["id"]}, expect=404)
    customer.get("/time-entries", params={"account_id": other["id"]}, expect=404)
    entries = customer.get("/time-entries").json()["items"]
    assert {e["account_id"] for e in entries} == {mine["id"]}
    assert all("user_id" not in e and "invoice_id" not in e for e in entries)  # internal fields stay inside
    assert customer.get(f"/invoices/{my_invoice['id']}").json()["number"] == my_invoice["number"]
    customer.post(f"/invoices/{my_invoice['id']}/payments",
                  {"amount": "1.00", "received_on": "2026-11-20", "method": "card"}, expect=403)


def test_mass_assignment_is_refused_and_records_nothing(firm):
    account = firm.account()
    firm.record(account, 30, "warm-up")
    before = firm.tech.get("/time-entries").json()["total"]
    for extra in ({"status": "billed"}, {"org_id": str(uuid.uuid4())}, {"rate": "999.00"}, {"total": "0"}):
        response = firm.tech.post("/time-entries", {"account_id": account["id"], "work_date": "2026-11-20",
                                                    "duration_minutes": 60, "narrative": "x", **extra})
        assert response.status_code == 422 and response.json()["error"]["field"] == next(iter(extra))
    assert firm.tech.get("/time-entries").json()["total"] == before
    response = firm.billing.post("/accounts", {"name": "Sneaky", "billing_email": "a@b.example",
                                               "org_id": str(uuid.uuid4())})
    assert response.status_code == 422
    assert "Sneaky" not in {a["name"] for a in firm.billing.get("/accounts").json()["items"]}


def web_session(base_url: str, email: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base_url}/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    signed_in = session.post(f"{base_url}/login", data={"email": email, "password": PASSWORD, "csrf_token": token},
                             timeout=30, allow_redirects=False)
    assert signed_in.status_code == 302, signed_in.text
    return session


def test_a_deactivated_users_session_and_token_fail_at_once(platform, org):
    admin = org.user("admin")
    partner = org.user("partner")
    browser = web_session(platform.url, partner.email)
    assert browser.get(f"{platform.url}/invoices", timeout=30, allow_redirects=False).status_code == 200
    partner.get("/me", expect=200)

    admin.request("PATCH", f"/users/{partner.user_id}", json={"active": False}, expect=200)
    assert partner.get("/me", expect=None).status_code == 401
    bounced = browser.get(f"{platform.url}/invoices", timeout=30, allow_redirects=False)
    assert bounced.status_code == 302 and bounced.headers["Location"].startswith("/login")
    refused = requests.post(f"{platform.url}/api/v1/auth/token", json={"email": partner.email, "password": PASSWORD},
                            timeout=30)
    assert refused.status_code == 401


def test_a_role_change_applies_to_the_next_request_on_the_real_services(platform, firm, org):
    admin = org.user("admin")
    account = firm.account()
    firm.record(account)
    eventually(lambda: firm.partner.get(f"/accounts/{account['id']}/unbilled").json()["items"],
               message="invoicing to see the work")
    invoice = firm.partner.post("/invoices", {"account_id": account["id"]}, expect=201).json()
    locked_draft(firm.partner, invoice["id"])
    firm.tech.post(f"/invoices/{invoice['id']}/approve", expect=403)
    admin.request("PATCH", f"/users/{firm.tech.user_id}", json={"role": "partner"}, expect=200)
    assert firm.tech.post(f"/invoices/{invoice['id']}/approve", expect=200).json()["status"] == "approved"
