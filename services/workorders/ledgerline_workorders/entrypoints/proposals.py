"""Proposals: made by schedulers, signed by the customer (or recorded by a scheduler who watched)."""

from __future__ import annotations

from ledgerline_contracts import Actor, NotFound
from ledgerline_contracts.commands import workorders as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_workorders import storage
from ledgerline_workorders.domain import access
from ledgerline_workorders.use_cases import proposals
from ledgerline_workorders.use_cases.common import account_filter
from ledgerline_workorders.views.proposals import proposal_view


class ProposalEntrypoints:
    def _proposal(self, actor: Actor, proposal_id) -> dict:
        proposal = storage.proposals.load(self.db.session, actor.org_id, inputs.parse_id(proposal_id, "proposal_id"))
        if not proposal.visible_to(actor):
            raise NotFound("no such proposal", "proposal_id")
        return proposal_view(proposal, actor)

    @rpc(allow=access.SCHEDULERS)
    def make_proposal(self, actor: Actor, proposal: dict) -> dict:
        command = commands.NewProposal.model_validate(proposal)
        return self._proposal(actor, proposals.make_proposal(self._unit_of_work(), actor, command))

    @rpc(allow=access.PROPOSAL_READERS)
    def list_proposals(self, actor: Actor, **query) -> dict:
        command = commands.ProposalQuery.model_validate(query)
        account_id = account_filter(self.db.session, actor, command.account_id)
        rows, total = storage.proposals.list_proposals(self.db.session, actor.org_id, limit=command.limit,
                                                       offset=command.offset, status=command.status,
                                                       account_id=account_id)
        return inputs.paged([proposal_view(p, actor) for p in rows], total, command.limit, command.offset)

    @rpc(allow=access.PROPOSAL_READERS)
    def get_proposal(self, actor: Actor, proposal_id: str) -> dict:
        return self._proposal(actor, proposal_id)

    @rpc(allow=access.SIGNERS)
    def sign_proposal(self, actor: Actor, proposal_id: str, signature: dict) -> dict:
        """The customer accepts; answers the work order it made."""
        command = commands.SignProposal.model_validate(signature)
        return self._work_order(actor, proposals.sign_proposal(self._unit_of_work(), actor, self.photos, proposal_id,
                                                               command))
