"""The domain as pydantic models: what loaders produce, what the store holds, what queries return.

The JSON shapes promised in SPEC.md are these models dumped with ``by_alias=True``; nothing builds
those dicts by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AccountCoverage",
    "Ask",
    "AskEvent",
    "AskMark",
    "AskState",
    "FollowUp",
    "ContactPoint",
    "CoverageReport",
    "ContactRecord",
    "Evidence",
    "Expert",
    "ExpertResult",
    "ExpertiseSource",
    "ImportSummary",
    "Interaction",
    "InteractionLoad",
    "InteractionSummary",
    "IntroPathResult",
    "Link",
    "LoadResult",
    "OrgRef",
    "Organization",
    "Owner",
    "Path",
    "Person",
    "PersonRef",
    "PersonTag",
    "Provenance",
    "Reject",
    "ShareLevel",
    "Target",
    "Tie",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """Return a model of values this code made itself, given for every field, unchecked.

        ``model_construct()`` builds a new field-name set and defaults per object; derive()
        makes millions of Evidence and Tie objects, and those sets were a quarter of its
        memory. Here every object shares one set of all field names, which is the truth for
        an object built with every field.
        """
        m = cls.__new__(cls)
        object.__setattr__(m, "__dict__", values)
        object.__setattr__(m, "__pydantic_fields_set__", _all_fields(cls))
        object.__setattr__(m, "__pydantic_extra__", None)
        object.__setattr__(m, "__pydantic_private__", None)
        return m


@functools.cache
def _all_fields(cls: type[BaseModel]) -> set[str]:
    return set(cls.model_fields)


# --- what loaders produce -------------------------------------------------------------------


class ContactPoint(_Model):
    """An email address or phone number as written in the export, with its label if any."""

    value: str
    label: str = ""


class ContactRecord(_Model):
    """One contact as it stood in one owner's export: one CSV data row or one vCard.

    Values are kept as the export wrote them (trimmed); normalisation happens in the graph layer
    so that a better normaliser later can re-run over the stored records.
    """

    file: str = Field(description="base name of the file the record came from")
    record: int = Field(ge=1, description="1-based position: data rows for CSV, cards for vCard")
    full_name: str = ""
    given_name: str = ""
    family_name: str = ""
    nickname: str = ""
    emails: list[ContactPoint] = []
    phones: list[ContactPoint] = []
    organization: str = ""
    title: str = ""
    department: str = ""
    labels: list[str] = Field(default=[], description="group labels, lower-case, without '* '")
    starred: bool = False
    notes: str = ""
    linkedin_url: str = ""
    urls: list[str] = []
    city: str = ""
    country: str = ""
    birthday: dt.date | None = None
    connected_on: dt.date | None = None
    last_contacted: dt.date | None = None
    source_id: str = Field(default="", description="an id the export itself carries (vCard UID)")
    extra: dict[str, str] = Field(
        default={},
        description="non-empty columns/properties no field took, by their name in the export, "
        "so that nothing is lost and a later version can use them",
    )

    def display_name(self) -> str:
        """Return the best human-readable name the record carries, or an email/phone."""
        if self.full_name:
            return self.full_name
        joined = " ".join(p for p in (self.given_name, self.family_name) if p)
        if joined:
            return joined
        if self.emails:
            return self.emails[0].value
        if self.phones:
            return self.phones[0].value
        return self.linkedin_url


class Reject(_Model):
    """A record that could not be imported, and why. Rejects are reported, never dropped."""

    file: str
    record: int
    reason: str
    raw: dict[str, str] = {}


class LoadResult(_Model):
    """Everything one loader got out of one file."""

    file: str
    format: str
    records: list[ContactRecord] = []
    rejects: list[Reject] = []


# --- what the store holds -------------------------------------------------------------------


class ShareLevel(StrEnum):
    ALL = "all"
    WORK = "work"
    COUNTS = "counts"
    NONE = "none"


class Owner(_Model):
    """A person whose address book was imported."""

    name: str = Field(description="the short handle used on the command line, e.g. 'dana'")
    display_name: str = ""
    emails: list[str] = []
    phones: list[str] = []
    region: str = Field(default="US", description="default region for phone numbers in the book")
    share: ShareLevel = ShareLevel.ALL
    person_id: str | None = None
    records: int = 0


class Provenance(_Model):
    owner: str
    file: str
    record: int


class Person(_Model):
    """One real human, resolved from any number of records across owners."""

    id: str
    name: str
    emails: list[str] = []
    phones: list[str] = []
    organization: str | None = None
    title: str | None = None
    owner: str | None = Field(default=None, description="set when this person is an owner")
    records: list[Provenance] = []
    why: list[str] = Field(
        default=[], description="the keys, scores and decisions that joined these records"
    )
    ask: list[str] = Field(
        default=[], description="owners to ask for contact details withheld from the viewer"
    )


class Organization(_Model):
    id: str
    name: str
    domains: list[str] = []
    people: int = 0


class Evidence(_Model):
    """One reason to believe two people know each other."""

    # Frozen: derive() shares one object among the many ties that give the same reason.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    kind: str = Field(description="address_book, reciprocal, rating, interaction, colleague, …")
    owner: str | None = None
    detail: str = ""


class Tie(_Model):
    """Two people know each other, this strongly, for these reasons."""

    a: str
    b: str
    strength: float = Field(gt=0, le=1)
    evidence: list[Evidence] = []


# --- what queries return --------------------------------------------------------------------


class PersonRef(_Model):
    id: str
    name: str
    title: str | None = None
    organization: str | None = None


class OrgRef(_Model):
    id: str
    name: str


class Link(_Model):
    from_: str = Field(alias="from")
    to: str
    strength: float
    evidence: list[Evidence] = []


class Path(_Model):
    """One warm path: owner first, target last; score is the product of link strengths."""

    rank: int
    score: float
    hops: int
    people: list[PersonRef]
    links: list[Link]
    weakest_link: int = Field(default=0, description="0-based index into links of the weakest")
    adjusted_score: float | None = Field(
        default=None, description="score times each connector's reliability factor "
        "(docs/asks.md); what the paths are ranked by when set"
    )
    reliability: dict[str, float] = Field(
        default={}, description="person id: reliability, for connectors with finished asks"
    )
    open_asks: list[AskMark] = Field(default=[], description="open asks on people in the path")


class Target(_Model):
    query: str
    organization: OrgRef | None = None
    person: PersonRef | None = None


class IntroPathResult(_Model):
    target: Target
    paths: list[Path] = []

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2)


class AccountCoverage(_Model):
    """How warm one target account is for the team: one row of ``accounts``."""

    account: str = Field(description="the account as written in the input file")
    rep: str | None = Field(default=None, description="the rep who owns it, if the file says")
    status: str = Field(description="warm, cold (no path within the hop limit) or not found")
    message: str = ""
    organization: OrgRef | None = None
    best: Path | None = None
    paths: int = Field(default=0, description="people there reachable within the hop limit")
    connectors: int = Field(default=0, description="distinct people in between on those paths")
    best_connector: str | None = Field(
        default=None, description="the team member whose path is warmest"
    )


class CoverageReport(_Model):
    accounts: list[AccountCoverage] = []

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2)


class ImportSummary(_Model):
    """What one file's import did."""

    owner: str
    file: str
    format: str
    records: int = 0
    rejects: list[Reject] = []
    unchanged: bool = Field(default=False, description="same content already imported: no-op")
    replaced: int = Field(default=0, description="records of an earlier export of it replaced")
    added: int = Field(default=0, description="records not in the earlier export")
    updated: int = Field(default=0, description="records whose contents changed")
    removed: int = Field(default=0, description="records of the earlier export now gone")
    companion: bool = Field(
        default=False,
        description="a file read with another export to complete it (a Salesforce Account.csv "
        "beside its Contact.csv), not imported as contacts itself",
    )


# --- intro requests (asks) ------------------------------------------------------------------


class AskState(StrEnum):
    """Where an intro request stands; graph/asks.py holds the allowed transitions."""

    DRAFTED = "drafted"
    ASKED = "asked"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    INTRODUCED = "introduced"
    MEETING = "meeting"
    WON = "won"
    LOST = "lost"
    WENT_DARK = "went-dark"
    DORMANT = "dormant"


class AskEvent(_Model):
    """One state an ask entered, and when (an ISO timestamp with its UTC offset)."""

    state: AskState
    at: dt.datetime
    note: str = ""


class Ask(_Model):
    """An intro request: an owner asks a connector to introduce them to a target."""

    id: int
    owner: str = Field(description="the owner who asks")
    connector: PersonRef
    target: PersonRef
    query: str = Field(description="what the owner asked intro-path or ask for")
    path: list[PersonRef] = Field(default=[], description="owner → connector(s) → target")
    reason: str = ""
    draft: str = Field(description="the double opt-in message to the connector; never sent")
    state: AskState
    history: list[AskEvent] = []

    @property
    def since(self) -> dt.datetime:
        """Return when the ask entered its current state."""
        return self.history[-1].at


class FollowUp(_Model):
    """One step of the follow-up cadence for one ask: what to do, when, and a draft to send."""

    ask: int
    step: str = Field(description="send, resend, call, close, dormant or revisit")
    due: dt.date
    who: PersonRef = Field(description="the person to follow up with")
    target: PersonRef
    owner: str
    state: AskState
    action: str = Field(description="the suggested next step, for a person to take")
    text: str = Field(default="", description="a draft message or call script")


class AskMark(_Model):
    """An open ask on someone in a path, so the team does not ask the same person twice."""

    ask: int
    person: str = Field(description="the person id the ask is about")
    role: str = Field(description="target or connector")
    state: AskState
    owner: str
    since: dt.date


Path.model_rebuild()
# --- interaction history (issue 5: strength) ------------------------------------------------


class Interaction(_Model):
    """One email or meeting as its headers tell it: when, from whom, to whom. Never a body."""

    record: int = Field(ge=1, description="1-based position: data row, message or event")
    when: dt.datetime = Field(description="UTC, without tzinfo")
    sender: str = Field(description="normalised address")
    to: list[str] = Field(description="normalised addresses: to, cc, attendees")
    channel: str = "email"


class InteractionLoad(_Model):
    """Everything one interaction loader got out of one file."""

    file: str
    format: str
    interactions: list[Interaction] = []
    rejects: list[Reject] = []
    addresses: list[str] = Field(default=[], description="the owner's own addresses, if known")


class InteractionSummary(_Model):
    """What one interaction file's import did."""

    owner: str
    file: str
    format: str
    interactions: int = 0
    rejects: list[Reject] = []
    unchanged: bool = False
    replaced: int = 0
    addresses: list[str] = []
# --- expert (issue 7) -----------------------------------------------------------------------


class PersonTag(_Model):
    """A word or phrase an owner attached to a person (``intrograph tag``)."""

    person_id: str
    tag: str
    owner: str | None = Field(default=None, description="who tagged, when known")


@dataclasses.dataclass(slots=True)
class ExpertiseSource:
    """What the expert ranker reads about one person: the texts their records and tags carry.

    A plain slotted dataclass, not a model: a store hands out one per matching person, possibly
    hundreds of thousands, and nothing here comes from outside the store.
    ``texts`` holds ``(field, text)`` pairs, duplicates across records removed; fields are
    ``title``, ``department``, ``organization``, ``domain``, ``note``, ``label``, ``tag``, or
    ``extra:<column name>``.
    """

    person_id: str
    name: str
    title: str | None = None
    organization: str | None = None
    texts: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    phones: list[str] = dataclasses.field(default_factory=list)
    places: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (city, country)
    tag_owners: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    # A title as some record wrote it -> the organisation that same record names (an old
    # record may show an old job), for reasons like "title: Buyer at Acme".
    title_orgs: dict[str, str] = dataclasses.field(default_factory=dict)


class Expert(_Model):
    """One person who can answer the question, and the warmest way to reach them."""

    rank: int
    fit: float = Field(description="how well their profile matches the question, in (0, 1]")
    score: float = Field(description="fit x reachability: what the ranking sorts by")
    person: PersonRef
    why: list[str] = []
    path: Path | None = None


class ExpertResult(_Model):
    question: str
    experts: list[Expert] = []
    unreachable: int = Field(default=0, exclude=True,
                             description="people who fit but have no path within the hop limit")

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2)
