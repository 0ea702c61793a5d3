"""One function per command, each over the kit's unit of work; effects.py says what each domain
event becomes (outbox events and audit entries)."""
