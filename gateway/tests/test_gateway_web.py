"""The web UI's frame: sessions, CSRF, sign-in, navigation per role, forms with field errors, locks."""

import re

import pytest
from gateway_helpers import ACCOUNT, PASSWORD, account_view, csrf_token, post_form, sign_in_web
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ledgerline_contracts import Role, ValidationFailed
from ledgerline_gateway.storage import tables
from ledgerline_gateway.app import create_app
from ledgerline_gateway.sessions import COOKIE_NAME
from ledgerline_gateway.settings import GatewaySettings


def session_cookie(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE_NAME + "="))


def error_under(page: str, field: str) -> str | None:
    found = re.search(rf'<p class="field-error" id="f-{field}-error">([^<]*)</p>', page)
    return found.group(1) if found else None


@pytest.mark.parametrize(("role", "lands_on", "heading"), [
    (Role.FEE_EARNER, "/dashboard", "Your unbilled time"),
    (Role.ASSOCIATE_PARTNER, "/dashboard", "Unbilled work — you and your delegates"),
    (Role.PARTNER, "/dashboard", "Unbilled work — you and your delegates"),
    (Role.BILLING, "/dashboard", "Billing overview"),
    (Role.ADMIN, "/admin/users", "Users"),
    (Role.CUSTOMER, "/dashboard", "Acme Dental"),
])
def test_each_role_signs_in_and_lands_on_its_start_page(app, make_user, services, role, lands_on, heading):
    user = make_user(role)
    web = app.test_client()
    signed_in = sign_in_web(web, user["email"])
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == lands_on
    page = web.get(lands_on)
    assert page.status_code == 200 and f"<h1>{heading}</h1>" in page.text


def test_the_session_cookie_is_http_only_same_site_and_only_a_random_id(app, make_user, engine):
    user = make_user(Role.FEE_EARNER)
    web = app.test_client()
    cookie = session_cookie(sign_in_web(web, user["email"]))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    with Session(engine) as session:
        stored = session.execute(select(tables.web_sessions.c.id_hash)).scalars().all()
    assert value not in stored and len(value) >= 40


def test_cookies_are_secure_in_production(settings, rpc, make_user):
    production = GatewaySettings(**{**settings.model_dump(), "environment": "production", "secret_key": "s" * 32})
    web = create_app(production, rpc=rpc).test_client()
    user = make_user(Role.BILLING)
    response = sign_in_web(web, user["email"])
    assert "Secure" in session_cookie(response)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_signing_in_gives_a_new_session_id_and_signing_out_ends_it(app, make_user, services):
    user = make_user(Role.FEE_EARNER)
    web = app.test_client()
    web.get("/login")
    before = web.get_cookie(COOKIE_NAME).value
    sign_in_web(web, user["email"])
    during = web.get_cookie(COOKIE_NAME).value
    assert during != before  # an id planted before sign-in is worthless
    assert web.get("/time").status_code == 200
    post_form(web, "/logout")
    stolen = app.test_client()
    stolen.set_cookie(COOKIE_NAME, during)
    assert stolen.get("/time").headers["Location"].startswith("/login")


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(browser, engine):
    web = browser(Role.FEE_EARNER)
    response = web.post("/tokens", data={"name": "sneaky"})
    assert response.status_code == 400 and "This form has expired" in response.text
    with Session(engine) as session:
        names = session.execute(select(tables.api_tokens.c.name)).scalars().all()
    assert "sneaky" not in names
    assert post_form(web, "/tokens", {"name": "honest"}).status_code == 200


def test_the_api_ignores_the_session_cookie(browser):
    web = browser(Role.BILLING)
    assert web.get("/api/v1/me").status_code == 401


def test_anonymous_visitors_are_sent_to_sign_in_and_come_back_only_to_this_site(app, make_user, services):
    web = app.test_client()
    redirected = web.get("/invoices?status=posted")
    assert redirected.status_code == 302 and redirected.headers["Location"] == "/login?next=/invoices?status%3Dposted"
    user = make_user(Role.BILLING)
    token = csrf_token(web)
    back = web.post("/login", data={"email": user["email"], "password": PASSWORD, "csrf_token": token,
                                    "next": "/invoices?status=posted"})
    assert back.headers["Location"] == "/invoices?status=posted"
    other = app.test_client()
    away = other.post("/login", data={"email": user["email"], "password": PASSWORD, "csrf_token": csrf_token(other),
                                      "next": "//evil.example/"})
    assert away.headers["Location"] == "/dashboard"


def test_a_wrong_password_says_so_without_saying_which_part(app, make_user):
    user = make_user(Role.FEE_EARNER)
    web = app.test_client()
    response = sign_in_web(web, user["email"], "wrong password")
    assert response.status_code == 401
    assert "Email or password is wrong" in response.text and 'value="wrong password"' not in response.text
    empty = web.post("/login", data={"email": "", "password": "", "csrf_token": csrf_token(web)})
    assert empty.status_code == 422 and error_under(empty.text, "email") == "Required."


def test_web_sign_in_is_rate_limited_like_the_api(settings, rpc, make_user):
    app = create_app(GatewaySettings(**{**settings.model_dump(), "login_limit_per_email": "2/minute"}), rpc=rpc)
    user = make_user(Role.FEE_EARNER)
    web = app.test_client()
    assert sign_in_web(web, user["email"], "guess one").status_code == 401
    assert sign_in_web(web, user["email"], "guess two").status_code == 401
    limited = sign_in_web(web, user["email"])
    assert limited.status_code == 429 and "Too many failed sign-ins" in limited.text
    assert "Retry-After" in limited.headers


def test_deactivation_and_role_changes_reach_an_open_session_on_its_next_request(browser, client, login, engine,
                                                                                 services):
    web = browser(Role.FEE_EARNER)
    assert web.get("/accounts/new").status_code == 403
    admin = login(Role.ADMIN)
    client.patch(f"/api/v1/users/{web.user['id']}", headers=admin, json={"role": "billing"})
    assert web.get("/accounts/new").status_code == 200
    client.patch(f"/api/v1/users/{web.user['id']}", headers=admin, json={"active": False})
    assert web.get("/accounts").headers["Location"].startswith("/login")
    with Session(engine) as session:
        left = session.execute(select(tables.web_sessions).where(
            tables.web_sessions.c.user_id == web.user["id"])).all()
    assert left == []


def test_a_session_unused_for_too_long_has_ended(browser, engine):
    web = browser(Role.FEE_EARNER)
    with engine.begin() as connection:
        connection.execute(update(tables.web_sessions).values(expires_at=func.now()))
    assert web.get("/profile").headers["Location"].startswith("/login")


def test_the_menu_offers_only_what_the_role_may_open(browser, services):
    menus = {}
    for role in (Role.FEE_EARNER, Role.ADMIN, Role.CUSTOMER, Role.BILLING):
        page = browser(role).get("/profile").text
        menus[role] = re.findall(r'<li><a href="([^"]+)"', page)
    assert menus[Role.FEE_EARNER] == ["/dashboard", "/jobs", "/timers", "/timesheet", "/stats", "/matters", "/time",
                                      "/accounts", "/work-orders", "/crew", "/tokens", "/profile"]
    assert menus[Role.ADMIN] == ["/timesheet", "/stats", "/matters", "/time", "/accounts", "/work-orders", "/crew",
                                 "/admin/users", "/admin/delegations", "/tokens", "/profile"]
    assert menus[Role.CUSTOMER] == ["/dashboard", "/matters", "/time", "/accounts", "/work-orders", "/proposals",
                                    "/invoices", "/tokens", "/profile"]
    assert "/invoices" in menus[Role.BILLING] and "/admin/users" not in menus[Role.BILLING]


def test_pages_are_not_cached_framed_or_allowed_scripts(browser, services):
    page = browser(Role.FEE_EARNER).get("/dashboard")
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "<script" not in page.text


def test_a_time_entry_form_shows_each_error_next_to_its_field_and_calls_nothing(browser, services, rpc):
    web = browser(Role.FEE_EARNER)
    rpc.calls.clear()
    response = post_form(web, "/time", {"account_id": ACCOUNT, "work_date": "2026-11-20", "duration_minutes": "0",
                                        "narrative": "  ", "billable": "false"})
    assert response.status_code == 422
    assert error_under(response.text, "duration_minutes") == "Input should be greater than 0."
    assert error_under(response.text, "narrative") == "Required."
    assert 'value="0"' in response.text  # what they typed stays
    # No account and no matter: the rule across fields lands next to the account.
    response = post_form(web, "/time", {"account_id": "", "work_date": "2026-11-20", "duration_minutes": "30",
                                        "narrative": "Backups", "billable": "false"})
    assert response.status_code == 422
    assert error_under(response.text, "account_id") == "Give a matter/ticket or an account (account_id or matter_id)."
    assert not [c for c in rpc.calls if c[1] == "record_time_entry"]


def test_a_refusal_from_the_service_lands_next_to_its_field(browser, services, rpc):
    web = browser(Role.FEE_EARNER)

    def inactive(entry):
        raise ValidationFailed("account Acme Dental is inactive", "account_id")

    rpc.answers["record_time_entry"] = inactive
    response = post_form(web, "/time", {"account_id": ACCOUNT, "work_date": "2026-11-20", "duration_minutes": "30",
                                        "narrative": "Backups", "billable": "true"})
    assert response.status_code == 422
    assert error_under(response.text, "account_id") == "Account Acme Dental is inactive."


def test_recorded_time_redirects_with_a_message_and_the_billable_box_is_read(browser, services, rpc):
    web = browser(Role.FEE_EARNER)
    rpc.answers["record_time_entry"] = lambda entry: {"id": "x", **entry}
    response = post_form(web, "/time", {"account_id": ACCOUNT, "work_date": "2026-11-20", "duration_minutes": "45",
                                        "narrative": "Lunch", "billable": ["false"]}, follow_redirects=True)
    assert "Time recorded." in response.text
    entry = next(c for c in rpc.calls if c[1] == "record_time_entry")[2][0]
    assert entry["billable"] is False and entry["duration_minutes"] == 45


def test_locked_entries_say_why(browser, services, rpc):
    rows = [{"id": "a", "account_id": ACCOUNT, "user_name": "Terry", "work_date": "2026-11-19",
             "duration_minutes": 90, "billable": True, "narrative": "RAID", "status": "billed",
             "invoice_number": "INV-2026-000001"},
            {"id": "b", "account_id": ACCOUNT, "user_name": "Terry", "work_date": "2026-11-20",
             "duration_minutes": 30, "billable": True, "narrative": "VPN", "status": "drafted",
             "invoice_number": None}]
    rpc.answers["list_time_entries"] = lambda **kw: {"items": rows, "total": 2, "limit": 25, "offset": 0}
    page = browser(Role.FEE_EARNER).get("/time").text
    assert "Locked – entry linked to posted invoice INV-2026-000001" in page
    assert "Locked – entry is on a draft invoice" in page


def test_the_payment_form_carries_one_idempotency_key_so_a_double_submit_pays_once(browser, services, rpc):
    invoice = {"id": ACCOUNT, "number": "INV-2026-000001", "status": "posted", "account_id": ACCOUNT,
               "account_name": "Acme Dental", "issue_date": "2026-11-20", "due_date": "2026-12-20",
               "total": {"amount": "243.00", "currency": "USD"}, "balance": {"amount": "243.00", "currency": "USD"},
               "subtotal": {"amount": "225.00", "currency": "USD"}, "tax": {"amount": "18.00", "currency": "USD"},
               "amount_paid": {"amount": "0.00", "currency": "USD"}, "lines": [], "payments": [],
               "allowed_actions": ["record_payment", "mark_paid"]}
    rpc.answers["get_invoice"] = lambda invoice_id: invoice
    rpc.answers["record_payment"] = lambda invoice_id, payment: {**invoice, "status": "paid"}
    web = browser(Role.BILLING)
    page = web.get(f"/invoices/{ACCOUNT}").text
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page).group(1)
    form = {"amount": "243.00", "received_on": "2026-11-20", "method": "check", "reference": "1001",
            "idempotency_key": key}
    first = post_form(web, f"/invoices/{ACCOUNT}/payments", form)
    post_form(web, f"/invoices/{ACCOUNT}/payments", form)
    assert first.status_code == 302
    keys = [c[2][1]["idempotency_key"] for c in rpc.calls if c[1] == "record_payment"]
    assert keys == [key, key]
    bad = post_form(web, f"/invoices/{ACCOUNT}/payments", {**form, "amount": "-5"})
    assert bad.status_code == 422 and error_under(bad.text, "amount") == "Input should be greater than 0."


def test_every_form_carries_a_request_key_so_a_resubmitted_form_is_applied_once(browser, services, rpc):
    rpc.answers["add_note"] = lambda invoice_id, note: {}
    web = browser(Role.BILLING)
    keys = re.findall(r'name="request_key" value="([0-9a-f]{32})"', web.get("/profile").text)
    assert keys and len(set(keys)) == len(keys)  # one per form, fresh each time it is shown
    keys.append(re.search(r'name="request_key" value="([0-9a-f]{32})"', web.get("/profile").text).group(1))
    form = {"body": "Customer called", "request_key": keys[0]}
    post_form(web, f"/invoices/{ACCOUNT}/notes", form)
    post_form(web, f"/invoices/{ACCOUNT}/notes", form)  # the browser's "resubmit"
    post_form(web, f"/invoices/{ACCOUNT}/notes", {**form, "request_key": keys[-1]})  # the form shown again
    sent = [key for (_, method, *_), key in zip(rpc.calls, rpc.request_keys) if method == "add_note"]
    assert len(sent) == 3 and sent[0] == sent[1] != sent[2]


def test_an_admin_adds_users_and_delegations_from_the_web(browser, services, engine):
    web = browser(Role.ADMIN)
    refused = post_form(web, "/admin/users/new", {"name": "Terry", "email": "nope", "role": "fee_earner",
                                                  "password": "short"})
    assert refused.status_code == 422
    assert error_under(refused.text, "email").startswith("Value is not a valid email address")
    assert error_under(refused.text, "password") == "String should have at least 12 characters."
    no_account = post_form(web, "/admin/users/new", {"name": "Casey", "email": "casey@acme.example",
                                                     "role": "customer", "password": "twelve chars!"})
    assert error_under(no_account.text, "account_id") == "A customer user belongs to one account: choose it."
    for name, role in (("Terry Tech", "fee_earner"), ("Pat Partner", "partner")):
        made = post_form(web, "/admin/users/new", {"name": name, "email": f"{role}@acme.example", "role": role,
                                                   "password": "twelve chars!"}, follow_redirects=True)
        assert f"{name} can sign in now" in made.text
    with Session(engine) as session:
        ids = {r.name: r.id for r in session.execute(select(tables.users)).all()}
    added = post_form(web, "/admin/delegations", {"principal_id": str(ids["Pat Partner"]),
                                                  "delegate_id": str(ids["Terry Tech"])}, follow_redirects=True)
    assert "Pat Partner now oversees Terry Tech." in added.text
    backwards = post_form(web, "/admin/delegations", {"principal_id": str(ids["Terry Tech"]),
                                                      "delegate_id": str(ids["Pat Partner"])})
    assert error_under(backwards.text, "principal_id") == "Only partners and associate partners have delegates."
    again = post_form(web, "/admin/delegations", {"principal_id": str(ids["Pat Partner"]),
                                                  "delegate_id": str(ids["Terry Tech"])}, follow_redirects=True)
    assert "Pat Partner already oversees Terry Tech." in again.text
    ari = post_form(web, "/admin/users/new", {"name": "Ari Associate", "email": "ari@acme.example",
                                              "role": "associate_partner", "password": "twelve chars!"})
    assert ari.status_code == 302
    with Session(engine) as session:
        ids = {r.name: r.id for r in session.execute(select(tables.users)).all()}
    post_form(web, "/admin/delegations", {"principal_id": str(ids["Pat Partner"]),
                                          "delegate_id": str(ids["Ari Associate"])})
    loop = post_form(web, "/admin/delegations", {"principal_id": str(ids["Ari Associate"]),
                                                 "delegate_id": str(ids["Pat Partner"])})
    assert loop.status_code == 422
    assert error_under(loop.text, "delegate_id") == ("These two cannot oversee each other; remove the other "
                                                     "delegation first.")


def test_my_tokens_page_shows_a_new_token_once_and_revokes_it(browser, client):
    web = browser(Role.PARTNER)
    created = post_form(web, "/tokens", {"name": "PSA sync"})
    token = re.search(r'<code class="secret" id="new-token">(llt_[^<]+)</code>', created.text).group(1)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    listing = web.get("/tokens").text
    assert "PSA sync" in listing and token not in listing
    token_id = re.search(r'action="/tokens/([0-9a-f-]+)/revoke"', listing).group(1)
    post_form(web, f"/tokens/{token_id}/revoke")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_changing_my_password_keeps_this_session_and_ends_the_others(app, make_user, services):
    user = make_user(Role.FEE_EARNER)
    here, elsewhere = app.test_client(), app.test_client()
    sign_in_web(here, user["email"])
    sign_in_web(elsewhere, user["email"])
    wrong = post_form(here, "/profile/password", {"current_password": "nope", "new_password": "a brand new secret"})
    assert error_under(wrong.text, "current_password") == "The current password is wrong."
    post_form(here, "/profile/password", {"current_password": PASSWORD, "new_password": "a brand new secret"})
    assert here.get("/profile").status_code == 200
    assert elsewhere.get("/profile").headers["Location"].startswith("/login")


def test_billing_sees_an_accounts_own_rate_and_tax_as_a_percentage(browser, services, rpc):
    rpc.answers["list_invoices"] = lambda **_: {"items": [], "total": 0, "limit": 25, "offset": 0}
    rpc.answers["list_rates"] = lambda **_: {"items": [
        {"scope": "account", "user_id": None, "activity_code": None, "rate": {"amount": "150.00", "currency": "USD"}},
        {"scope": "account", "user_id": "u", "activity_code": None, "rate": {"amount": "99.00", "currency": "USD"}}]}
    page = browser(Role.BILLING).get(f"/accounts/{ACCOUNT}").text
    assert re.search(r"Hourly rate for the account</div>\s*\$150\.00", page)
    assert re.search(r"Tax rate</div>\s*8%", page)
    partner = browser(Role.PARTNER).get(f"/accounts/{ACCOUNT}").text
    assert "Hourly rate" not in partner  # only billing reads rates


def test_the_accounts_unbilled_work_shows_each_quantity_as_the_invoice_will(browser, services, rpc):
    item = {"entry_id": "e1", "kind": "time", "work_date": "2026-11-20", "user_id": "u", "user_name": "Terry",
            "matter_id": None, "narrative": "Set up the printer", "problem": None, "quantity": "0.42",
            "duration_minutes": 25, "shown_quantity": "0:25 h", "amount": {"amount": "62.50", "currency": "USD"},
            "rate_source": "standard"}
    rpc.answers["list_unbilled"] = lambda account_id: {"account_id": account_id, "items": [item],
                                                       "total": {"amount": "62.50", "currency": "USD"}}
    page = browser(Role.PARTNER).get(f"/accounts/{ACCOUNT}").text
    assert re.search(r'<td class="num" data-label="Quantity">0:25 h</td><td class="num">\$62\.50</td>', page)


def test_the_dashboards_unbilled_hours_count_billable_time_as_its_value_does(browser, services, rpc):
    def entry(minutes, billable):
        return {"id": f"e{minutes}", "account_id": ACCOUNT, "user_name": "Terry", "duration_minutes": minutes,
                "billable": billable, "status": "unbilled"}

    entries = [entry(60, True), entry(30, False)]  # a lunch break is not billed

    def list_time_entries(billable=None, **_filters):
        items = [e for e in entries if billable is None or e["billable"] == billable]
        return {"items": items, "total": len(items), "limit": 100, "offset": 0}

    rpc.answers["list_time_entries"] = list_time_entries
    rpc.answers["list_accounts"] = lambda **_: {"items": [account_view()], "total": 1, "limit": 100, "offset": 0}
    page = browser(Role.FEE_EARNER).get("/dashboard").text
    assert 'data-metric="unbilled-hours">1.00<' in page


def test_billing_settings_are_saved_and_a_bad_prefix_is_shown_under_its_field(browser, services, rpc):
    profile = {"name": "", "address": "", "email": "", "phone": "", "tax_id": "", "website": "",
               "invoice_prefix": "INV", "credit_note_prefix": "CN", "payment_instructions": "", "footer": ""}
    rpc.answers["get_billing_profile"] = lambda: profile
    rpc.answers["update_billing_profile"] = lambda body: body
    web = browser(Role.BILLING)
    assert 'value="INV"' in web.get("/settings/billing").text
    bad = post_form(web, "/settings/billing", {**profile, "name": "Northwind", "invoice_prefix": "IN V"})
    assert bad.status_code == 422 and error_under(bad.text, "invoice_prefix").startswith("String should match")
    assert 'value="Northwind"' in bad.text
    saved = post_form(web, "/settings/billing", {**profile, "name": "Northwind",
                                                 "payment_instructions": "IBAN GB00 0000"}, follow_redirects=True)
    assert "Billing settings saved" in saved.text
    sent = [c[2][0] for c in rpc.calls if c[1] == "update_billing_profile"]
    assert sent == [{**profile, "name": "Northwind", "payment_instructions": "IBAN GB00 0000"}]
    assert browser(Role.PARTNER).get("/settings/billing").status_code == 403
