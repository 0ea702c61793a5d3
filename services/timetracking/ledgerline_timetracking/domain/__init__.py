"""Time tracking rules, free of nameko and SQLAlchemy (pydantic allowed).

- :mod:`.access`: who may see and change whose work.
- :mod:`.locks`: how invoicing's events lock and release work.
- :mod:`.rounding`: how a committed timer's measured time becomes billed minutes.
- :mod:`.timers`: the timer's states and clock.
- :mod:`.work`: time entries, expenses, parts, matters and activity codes.
- :mod:`.receipts`: which receipt files are accepted.
- :mod:`.stats`: hours, weeks and utilization.
- :mod:`.past_due`: when an account's work carries the past-due warning.
- :mod:`.events`: what happened to the work, as the use cases record it.
"""
