"""What the services answer, as the REST API documents it (an endpoint's ``response=``), one module
per service that owns the records (``invoicing``, ``timetracking``, ``workorders``, ...).

Each model lists every field the service's view sends: the gateway sends only the model's fields,
so a field missing here would vanish from the answer. Decimals stay the strings the service wrote
(``"0.0800"``), never re-rounded on the way out.
"""
