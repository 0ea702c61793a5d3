"""The OpenAPI document a client loads: valid OpenAPI 3.1, files described by their media types,
every JSON answer by its response model."""

import re

from gateway_helpers import ACCOUNT, account_view
from openapi_spec_validator import validate

from ledgerline_contracts import Role
from ledgerline_gateway.routes import load_all


def test_the_document_is_valid_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises, naming the fault, if the document is not valid OpenAPI 3.1


def test_every_file_answer_names_its_media_types(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]

    def media_types(path: str) -> set[str]:
        return set(paths[f"/api/v1{path}"]["get"]["responses"]["200"]["content"])

    spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert media_types("/invoices/{invoice_id}/pdf") == {"application/pdf"}
    assert media_types("/invoices/{invoice_id}/export") == {spreadsheet, "text/csv"}
    assert media_types("/invoices/export") == {spreadsheet, "text/csv"}


def test_amounts_are_documented_as_plain_decimal_strings(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    amount = schemas["PaymentRequest"]["properties"]["amount"]
    assert amount["type"] == "string" and amount["pattern"] == "^-?[0-9]+(\\.[0-9]+)?$"


def test_accounts_answers_are_described_and_sent_field_for_field(client, services, login):
    document = client.get("/api/v1/openapi.json").json
    paths, schemas = document["paths"], document["components"]["schemas"]

    def answer_schema(path: str, method: str, status: str = "200") -> dict:
        return paths[f"/api/v1{path}"][method]["responses"][status]["content"]["application/json"]["schema"]

    account = {"$ref": "#/components/schemas/AccountView"}
    assert answer_schema("/accounts/{account_id}", "get") == account
    assert answer_schema("/accounts/{account_id}", "patch") == account
    assert answer_schema("/accounts", "post", "201") == account
    listed = schemas[answer_schema("/accounts", "get")["$ref"].rsplit("/", 1)[1]]
    assert listed["properties"]["items"]["items"] == account
    shown = client.get(f"/api/v1/accounts/{ACCOUNT}", headers=login(Role.PARTNER)).json
    assert shown == account_view() and set(shown) == set(schemas["AccountView"]["properties"])


def test_every_json_endpoint_documents_its_answer():
    undocumented = {(e.method, e.rule) for e in load_all().endpoints
                    if e.response is None and e.status != 204 and not e.produces}
    assert undocumented == set()


def test_every_json_answer_has_its_schema_in_the_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    schemaless = {(method.upper(), path.removeprefix("/api/v1"))
                  for path, operations in paths.items() for method, operation in operations.items()
                  for status, answer in operation["responses"].items() if status != "default"
                  if answer.get("content", {}).get("application/json", {}).get("schema") == {"type": "object"}}
    assert schemaless == {(method, re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule))
                          for method, rule in WITHOUT_A_MODEL_YET}


def test_invoices_carry_what_the_caller_may_do_next(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    actions = schemas["InvoiceView"]["properties"]["allowed_actions"]
    assert "allowed_actions" in schemas["InvoiceView"]["required"]
    assert "record_payment" in actions["items"]["enum"]
