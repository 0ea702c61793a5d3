"""Bad input answered before any service is asked: a 4xx naming the field, never a 500."""

from gateway_helpers import ACCOUNT

from ledgerline_contracts import Role


def test_a_quote_naming_another_organizations_user_is_not_found(client, rpc, login, make_user):
    headers = login(Role.FEE_EARNER)
    theirs = make_user(Role.FEE_EARNER, org="globex")
    body = {"account_id": ACCOUNT, "time": [{"user_id": str(theirs["id"]), "minutes": 60}]}
    response = client.post("/api/v1/quotes", json=body, headers=headers)
    assert response.status_code == 404
    assert response.json["error"] == {"code": "not_found", "message": "no such user", "field": "time.0.user_id"}
    assert rpc.calls == []
