from pydantic import BaseModel, ConfigDict


class Payload(BaseModel):
    """Base of every event payload: consumers ignore fields they do not know."""

    model_config = ConfigDict(extra="ignore", frozen=True)
