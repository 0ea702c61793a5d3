"""What the services answer, as the REST API documents it (an endpoint's ``response=``), one module
per service that owns the records (``invoicing``, ``timetracking``, ``dunning``, ``analytics``, ...).

Each model lists every field the service's view sends: the gateway sends only the model's fields,
and when it runs strict (anywhere but production) an answer with a field missing or unlisted is
refused, so the tests against the real services keep these models and the services in step.
Decimals are the strings the service wrote (``"0.0800"``), never re-rounded on the way out.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field


def staff_only(description: str = "") -> Any:
    """A field the service leaves out for customers (so it cannot be required)."""
    return Field(default=None, description="; ".join(filter(None, ["not sent to customers", description])))
