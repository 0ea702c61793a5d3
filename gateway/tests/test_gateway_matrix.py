"""Every API route and every web page × every role, against the permission matrix.

Written over the declarations (``load_all().endpoints`` and the web pages), so a
route or page added later is covered without touching this file. A denied
request is 403 and reaches no service and changes nothing; an allowed one is
never 401/403 (nor 500). tests/integration/test_gateway_hostile.py repeats the
API walk against the real services.
"""

import html
import re
import uuid

import pytest
from gateway_helpers import count_rows, csrf_token, sign_in_web

from ledgerline_contracts import Role, role_in_words
from ledgerline_devstack.testing import example_of
from ledgerline_gateway.permissions import allows
from ledgerline_gateway.routes import load_all
from ledgerline_gateway.web import load_all as load_web

API = load_all().endpoints
PAGES = [p for p in load_web().pages if not p.public]
MASS_ASSIGNMENT = ("status", "total", "org_id", "rate", "user_id", "role")


def fill(rule: str) -> str:
    rule = re.sub(r"<any\(([a-z_]+)[^)]*\):[a-z_]+>", r"\1", rule)  # one of the named choices
    return re.sub(r"<(?:[a-z]+:)?[a-z_]+>", lambda _m: str(uuid.uuid4()), rule)


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_every_api_route_answers_the_role_as_the_matrix_says(client, login, services, rpc, engine, role):
    headers = login(role)
    for endpoint in (e for e in API if not e.public):
        path = "/api/v1" + fill(endpoint.rule)
        where = f"{endpoint.method} {endpoint.rule} as {role}"
        rpc.calls.clear()
        before = count_rows(engine)
        body = example_of(endpoint.body) if endpoint.body else None
        response = client.open(path, method=endpoint.method, headers=headers, json=body)
        if allows(endpoint.capability, role):
            assert response.status_code not in (401, 403, 500), (where, response.status_code, response.json)
        else:
            assert response.status_code == 403, (where, response.status_code, response.json)
            assert response.json["error"]["code"] == "forbidden", where
            assert_says_who_may(response.json["error"]["message"], role, where)
            assert rpc.calls == [] and count_rows(engine) == before, where


def test_every_api_route_refuses_an_anonymous_caller(client, rpc):
    for endpoint in (e for e in API if not e.public):
        response = client.open("/api/v1" + fill(endpoint.rule), method=endpoint.method, json={})
        assert response.status_code == 401, (endpoint.method, endpoint.rule)
    assert rpc.calls == []


def test_extra_fields_in_bodies_and_filters_are_refused_by_name(client, login, services, rpc):
    headers = {role: login(role) for role in Role}
    for endpoint in (e for e in API if e.body or e.query):
        allowed = next(r for r in Role if endpoint.public or allows(endpoint.capability, r))
        path = "/api/v1" + fill(endpoint.rule)
        model = endpoint.body or endpoint.query
        for extra in (name for name in MASS_ASSIGNMENT if name not in model.model_fields):
            rpc.calls.clear()
            if endpoint.body:
                response = client.open(path, method=endpoint.method, headers=headers[allowed],
                                       json={**example_of(endpoint.body), extra: "x"})
            else:
                response = client.open(path, method=endpoint.method, headers=headers[allowed],
                                       query_string={extra: "x"})
            where = f"{endpoint.method} {endpoint.rule} with {extra}"
            assert response.status_code == 422, (where, response.json)
            assert response.json["error"]["field"] == extra, where
            assert rpc.calls == [], where


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_every_web_page_answers_the_role_as_the_matrix_says(app, make_user, services, rpc, engine, role):
    user = make_user(role)
    web = _signed_in(app, user)
    for page in PAGES:
        path, where = fill(page.rule), f"{page.method} {page.rule} as {role}"
        form = {} if page.method == "GET" else {"csrf_token": csrf_token(web, "/profile")}
        rpc.calls.clear()
        before = count_rows(engine)
        response = web.open(path, method=page.method, data=form)
        if allows(page.capability, role):
            assert response.status_code not in (401, 403, 500), (where, response.status_code)
            if page.name != "sign_out":
                assert not response.headers.get("Location", "").startswith("/login"), where
        else:
            assert response.status_code == 403 and "Not yours to open" in response.text, (where, response.status_code)
            assert_says_who_may(html.unescape(response.text), role, where)
            assert rpc.calls == [] and count_rows(engine) == before, where
        if web.get("/profile").status_code != 200:  # that page signed them out: sign in again
            web = _signed_in(app, user)


def test_every_web_page_sends_an_anonymous_visitor_to_sign_in(app, rpc):
    for page in PAGES:
        response = app.test_client().open(fill(page.rule), method=page.method)
        # GET: to the sign-in page; POST: refused by its CSRF check before anything else.
        assert response.status_code == (302 if page.method == "GET" else 400), (page.method, page.rule)
    assert rpc.calls == []


ROLE_WORDS = re.compile(r"(A fee earner|An associate partner|A partner|A member of the billing team|"
                        r"An administrator|A customer) may not [a-z][^;.]+; ask (an? [a-z ,]+?)\.")


def assert_says_who_may(message: str, role: Role, where: str) -> None:
    """A refusal names the role in words with its article, and whom to ask instead; never a code."""
    said = ROLE_WORDS.search(message)
    assert said, (where, message)
    assert said.group(1).lower() == role_in_words(role), (where, message)
    assert "_" not in said.group(0) and "Idempotency" not in message and "your own" not in message, where


def _signed_in(app, user):
    web = app.test_client()
    assert sign_in_web(web, user["email"], user["password"]).status_code == 302
    return web
