"""Billed work does not change, whatever the timing: for many rounds, a fee earner edits and
deletes entries from threads while a partner drafts, approves and billing posts the same work
through the API; then timetracking's and invoicing's databases must agree on every billed entry.

The lock handshake makes it so (docs/invoicing.md, "The lock handshake"): timetracking locks the
drafted work and confirms each item's version (``work.locked``), locked work is never edited in
place, and approval and posting wait for every line to be locked at the version it bills.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import ROUND_HALF_UP, Decimal
from uuid import uuid4

from sqlalchemy import create_engine, text

from ledgerline_devstack.testing import eventually
from ledgerline_servicekit.clock import today

ROUNDS = 20
RATE = Decimal("150.00")
EDITED = 3  # entries edited in each round, each from its own thread, and one more deleted
MAX_EDITS = 200  # bounded: an entry is refused once its draft locks it


def _record(tech, account_id, minutes):
    response = tech.post("/time-entries", {"account_id": account_id, "work_date": today().isoformat(),
                                           "duration_minutes": minutes, "narrative": f"Work {uuid4().hex[:6]}"})
    if response.status_code == 404:  # timetracking has not heard of the account yet
        return None
    assert response.status_code == 201, response.text
    return response.json()


def _when_ready(client, invoice_id: str, action: str) -> dict:
    """Approve or post as people would: asked again while time tracking is still locking the work,
    and after reconciling when the work changed before the lock landed."""
    def attempt():
        response = client.post(f"/invoices/{invoice_id}/{action}")
        if response.status_code == 200:
            return response.json()
        assert response.status_code == 409, response.text
        message = response.json()["error"]["message"]
        if "changed after drafting" in message:
            client.post(f"/invoices/{invoice_id}/reconcile", expect=200)
        else:
            assert "has not yet locked" in message, message
        return None

    return eventually(attempt, interval=0.05, message=f"the draft to be ready to {action}")


def _edit_until_locked(tech, entry: dict, start: threading.Barrier) -> list[int]:
    """Edit the entry over and over until it is refused (its draft locked it); the statuses answered."""
    start.wait()
    answers = []
    for step in range(MAX_EDITS):
        response = tech.request("PATCH", f"/time-entries/{entry['id']}", json={"duration_minutes": 30 + step})
        answers.append(response.status_code)
        if response.status_code == 409:
            break
    return answers


def _delete(tech, entry: dict, start: threading.Barrier) -> list[int]:
    start.wait()
    return [tech.request("DELETE", f"/time-entries/{entry['id']}").status_code]


def _draft_approve_post(partner, billing, account_id: str, start: threading.Barrier) -> dict:
    start.wait()
    invoice = partner.post("/invoices", {"account_id": account_id}, expect=201).json()
    _when_ready(partner, invoice["id"], "approve")  # at once: each refusal says why
    return billing.post(f"/invoices/{invoice['id']}/post", expect=200).json()


def _rows(url: str, query: str, **params) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(query), params).all()
    finally:
        engine.dispose()


def test_edits_and_deletes_racing_draft_approve_and_post_never_change_billed_work(platform, org):
    tech = org.user("fee_earner", name="Terry Tech")
    partner = org.user("partner", delegates=(tech,))
    billing = org.user("billing")
    account = billing.post("/accounts", {"name": f"Race Dental {uuid4().hex[:6]}", "billing_email": "ap@race.example",
                                         "currency": "USD", "payment_terms_days": 30, "tax_rate": "0",
                                         "hourly_rate": str(RATE)}, expect=201).json()
    eventually(lambda: _record(tech, account["id"], 60), message="the account to reach timetracking")
    posted, answers = [], []
    with ThreadPoolExecutor(max_workers=EDITED + 2) as pool:
        for _ in range(ROUNDS):
            entries = [_record(tech, account["id"], 60) for _ in range(EDITED + 1)]
            eventually(lambda: len(partner.get(f"/accounts/{account['id']}/unbilled").json()["items"]) > EDITED,
                       interval=0.05, message="invoicing to see the round's work")
            start = threading.Barrier(EDITED + 2)
            changes = [pool.submit(_edit_until_locked, tech, entry, start) for entry in entries[:-1]]
            changes.append(pool.submit(_delete, tech, entries[-1], start))
            invoice = pool.submit(_draft_approve_post, partner, billing, account["id"], start)
            posted.append(invoice.result())
            answers += [status for change in changes for status in change.result()]
            # Right after posting answered, the posted work refuses every change.
            for line in posted[-1]["lines"]:
                refused = tech.request("PATCH", f"/time-entries/{line['source_id']}", json={"duration_minutes": 600})
                assert refused.status_code == 409 and refused.json()["error"]["code"] == "locked", refused.text
    assert set(answers) <= {200, 204, 409}
    assert 409 in answers and 200 in answers, "no edit raced the lock: the test proved nothing"

    settings = platform.settings
    lines = _rows(settings.database_url_for("invoicing"), """
        SELECT l.source_id, l.source_version, l.locked_version, l.amount, i.number, w.version AS held_version
        FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN work_items w ON w.id = l.source_id
        WHERE i.org_id = :org AND i.status = 'posted'""", org=org.org_id)
    assert {line.number for line in lines} == {invoice["number"] for invoice in posted}

    def billed_entries():
        rows = _rows(settings.database_url_for("timetracking"), """
            SELECT id, version, duration_minutes, invoice_number FROM time_entries
            WHERE org_id = :org AND status = 'billed'""", org=org.org_id)
        return {row.id: row for row in rows} if len(rows) == len(lines) else None

    billed = eventually(billed_entries, message="timetracking to bill every posted entry")
    assert set(billed) == {line.source_id for line in lines}
    for line in lines:
        entry = billed[line.source_id]
        # The line bills exactly the version timetracking keeps, locked at it, and nothing changed since.
        assert line.source_version == line.locked_version == line.held_version == entry.version, line
        assert entry.invoice_number == line.number
        expected = (RATE * entry.duration_minutes / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert line.amount == expected, (line, entry)
