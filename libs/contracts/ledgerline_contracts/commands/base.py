from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, field_validator

# Every date and time in a request lies in this range (docs/api.md): anything outside is a typo,
# and date arithmetic near year 1 or 9999 (a week around a day, a shift to UTC) would overflow.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def _in_range(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value  # a time's date where it was written
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(f"must be between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}")
    return value


Day = Annotated[date, AfterValidator(_in_range)]
Moment = Annotated[AwareDatetime, AfterValidator(_in_range)]


def _no_nul(value: Any) -> Any:
    """PostgreSQL cannot store a NUL character, and no one types one."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    if isinstance(value, list):
        for item in value:
            _no_nul(item)
    return value


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    _text_without_nul = field_validator("*")(classmethod(lambda cls, value: _no_nul(value)))


class Page(Command):
    """A page of a list: at most 100 rows."""

    limit: int = Field(default=50, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=1_000_000_000)
