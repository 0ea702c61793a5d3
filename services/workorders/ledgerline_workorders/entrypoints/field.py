"""Work in the field: line items' clocks, crew clocked in and out, photos, notes, incidents, site conditions."""

from __future__ import annotations

import base64

from ledgerline_contracts import Actor, NotFound
from ledgerline_contracts.commands import workorders as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_workorders.domain import access
from ledgerline_workorders.use_cases import field
from ledgerline_workorders.use_cases.common import visible_order


class FieldEntrypoints:
    @rpc(allow=access.FIELD_WORKERS)
    def start_line_item(self, actor: Actor, work_order_id: str, line_id: str, request: dict | None = None) -> dict:
        """Start a pending line item, or resume a paused one."""
        command = commands.LineItemTime.model_validate(request or {})
        return self._work_order(actor, field.line_action(self._unit_of_work(), actor, work_order_id, line_id,
                                                         "start", command))

    @rpc(allow=access.FIELD_WORKERS)
    def pause_line_item(self, actor: Actor, work_order_id: str, line_id: str, request: dict | None = None) -> dict:
        command = commands.LineItemTime.model_validate(request or {})
        return self._work_order(actor, field.line_action(self._unit_of_work(), actor, work_order_id, line_id,
                                                         "pause", command))

    @rpc(allow=access.FIELD_WORKERS)
    def complete_line_item(self, actor: Actor, work_order_id: str, line_id: str, request: dict | None = None) -> dict:
        command = commands.LineItemTime.model_validate(request or {})
        return self._work_order(actor, field.line_action(self._unit_of_work(), actor, work_order_id, line_id,
                                                         "complete", command))

    @rpc(allow=access.FIELD_WORKERS)
    def clock_in(self, actor: Actor, work_order_id: str, line_id: str, request: dict) -> dict:
        command = commands.ClockIn.model_validate(request)
        return self._work_order(actor, field.clock_in(self._unit_of_work(), actor, work_order_id, line_id, command))

    @rpc(allow=access.FIELD_WORKERS)
    def clock_out(self, actor: Actor, work_order_id: str, line_id: str, request: dict) -> dict:
        command = commands.ClockOut.model_validate(request)
        return self._work_order(actor, field.clock_out(self._unit_of_work(), actor, work_order_id, line_id, command))

    @rpc(allow=access.FIELD_WORKERS)
    def add_photo(self, actor: Actor, work_order_id: str, photo: dict) -> dict:
        command = commands.NewPhoto.model_validate(photo)
        field.add_photo(self._unit_of_work(), actor, self.photos, work_order_id, command)
        return self._work_order(actor, work_order_id)

    @rpc(allow=access.EVERYONE)
    def get_photo(self, actor: Actor, work_order_id: str, photo_id: str) -> dict:
        order, _ = visible_order(self.db.session, actor, work_order_id)
        wanted = inputs.parse_id(photo_id, "photo_id")
        photo = next((p for p in order.photos if p.id == wanted), None)
        if photo is None:
            raise NotFound("no such photo on this work order", "photo_id")
        content = self.photos.store.load(photo.file_key)
        return {"filename": photo.filename, "content_type": photo.content_type, "size": len(content),
                "content_base64": base64.b64encode(content).decode("ascii")}

    @rpc(allow=access.FIELD_WORKERS)
    def add_note(self, actor: Actor, work_order_id: str, note: dict) -> dict:
        """A crew note, a customer communication or an issue encountered."""
        command = commands.NewNote.model_validate(note)
        return self._work_order(actor, field.add_note(self._unit_of_work(), actor, work_order_id, command.kind,
                                                      command.text))

    @rpc(allow=access.FIELD_WORKERS)
    def report_incident(self, actor: Actor, work_order_id: str, incident: dict) -> dict:
        """A safety incident or a near miss."""
        command = commands.NewIncident.model_validate(incident)
        return self._work_order(actor, field.add_note(self._unit_of_work(), actor, work_order_id, command.kind,
                                                      command.description, command.occurred_at))

    @rpc(allow=access.FIELD_WORKERS)
    def record_site_conditions(self, actor: Actor, work_order_id: str, conditions: dict) -> dict:
        command = commands.SiteConditions.model_validate(conditions)
        return self._work_order(actor, field.record_site_conditions(self._unit_of_work(), actor, work_order_id,
                                                                    command))
