"""What callers may ask of each service: the request models behind the public API.

The gateway validates requests with these (and builds its OpenAPI document
from them); the services validate again with the same models, so the rules
are written once. Unknown fields are refused and strings are trimmed.
"""
