"""The REST API's machinery, one module per concern; the endpoints themselves are in ``routes/``.

- :mod:`.endpoints`: declaring an endpoint (:class:`~.endpoints.Api`): its capability, body, query
  and response models, and the user ids it names (checked against the organization);
- :mod:`.parsing`: the request's JSON body and the bounds on it and on the URL;
- :mod:`.responses`: what a handler returns, turned into the answer (JSON, 204, a file), and pages;
- :mod:`.errors`: the one error format, ``{"error": {"code", "message", "field"}}``;
- :mod:`.idempotency`: the ``Idempotency-Key`` header: one answer per key;
- :mod:`.openapi`: the OpenAPI document, built from the same declarations.

The API authenticates bearer tokens only, never the web session cookie: a
browser's ambient credentials cannot reach it, so it needs no CSRF tokens.
Calling services (:mod:`ledgerline_gateway.calls`), the errors and their statuses
(:mod:`ledgerline_gateway.errors`) and file answers (:mod:`ledgerline_gateway.files`)
sit below, shared with the web pages.
"""

API_PREFIX = "/api/v1"
