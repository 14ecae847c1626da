"""Persons, organisations and ties derived from the stored records: a pure function.

Both stores call :func:`derive` inside the transaction that changed the records, so the derived
tables are always a function of the records and owners alone. That is what makes importing the
same file twice a no-op and ``forget`` exact: nothing derived can outlive the records behind it.

Identity resolution here is the first, conservative tier: records join when they share an exact
normalised strong key (email address, E.164 phone number, LinkedIn profile URL), transitively,
via union-find. Later tiers (fuzzy names within an organisation) build on the same output.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from intrograph.graph.colleagues import Membership, derive_memberships
from intrograph.graph.strength import BookSignals, book_signals, signals_strength
from intrograph.graph.ties import TieInputs, derive_ties
from intrograph.loaders import normalize as _norm
from intrograph.models import ContactPoint, ContactRecord, Owner, Tie

__all__ = [
    "Derived",
    "OrgRow",
    "PersonRow",
    "RecordFacts",
    "StoredRecord",
    "assign_uids",
    "derive",
    "record_content",
    "record_facts",
    "record_from_json",
    "record_keys",
]


@dataclass(frozen=True)
class StoredRecord:
    """A record as the store holds it: its stable uid, whose book, which import batch."""

    uid: str
    owner: str
    batch_id: int
    record: ContactRecord


@dataclass(slots=True)
class RecordFacts:
    """What derivation needs from one record, and nothing else.

    A million ContactRecord objects cost gigabytes; these slotted rows of normalised strings
    are what the derived tables are computed from, so the records themselves can be dropped as
    they stream out of the store.
    """

    uid: str
    owner: str
    batch_id: int
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    links: tuple[str, ...]
    name: str
    org_raw: str
    org_norm: str
    title: str
    strength: float
    detail: str
    # What the strength model reads (graph/strength.py); None only in hand-built facts.
    signals: BookSignals | None = None


def record_facts(stored: StoredRecord, region: str) -> RecordFacts:
    """Return the facts derivation uses from one stored record."""
    rec = stored.record
    emails, phones, links = record_keys(rec, region)
    signals = book_signals(rec, [e for e in emails if is_free_mail(email_domain(e))])
    strength, evidence = signals_strength(signals, stored.owner)
    org_raw = (rec.organization or "").strip()
    return RecordFacts(
        uid=stored.uid, owner=stored.owner, batch_id=stored.batch_id,
        emails=tuple(emails), phones=tuple(phones), links=tuple(links),
        name=rec.display_name(), org_raw=org_raw, org_norm=normalize_org_name(org_raw),
        title=rec.title or "", strength=strength, detail=evidence.detail,
        signals=signals,
    )


@dataclass
class PersonRow:
    id: str
    name: str
    emails: list[str]
    phones: list[str]
    org_id: str | None
    title: str | None
    owner: str | None


@dataclass
class OrgRow:
    id: str
    name: str
    norm: str
    domains: list[str]


@dataclass
class Derived:
    persons: list[PersonRow] = field(default_factory=list)
    orgs: list[OrgRow] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    record_person: dict[str, str] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)


# The same addresses, numbers and company names recur across books and across every re-derive;
# the normalisers are pure, so each distinct value is worked out once per process.
email_domain = _norm.email_domain
is_free_mail = _norm.is_free_mail
normalize_email = functools.lru_cache(maxsize=1 << 18)(_norm.normalize_email)
normalize_phone = functools.lru_cache(maxsize=1 << 18)(_norm.normalize_phone)
normalize_linkedin_url = functools.lru_cache(maxsize=1 << 16)(_norm.normalize_linkedin_url)
normalize_org_name = functools.lru_cache(maxsize=1 << 16)(_norm.normalize_org_name)


def _digest(prefix: str, text: str) -> str:
    return prefix + hashlib.sha1(text.encode()).hexdigest()[:12]


def record_keys(record: ContactRecord, region: str) -> tuple[list[str], list[str], list[str]]:
    """Return the record's normalised (emails, phones, linkedin urls), invalid values dropped."""
    emails = sorted({e for p in record.emails if (e := normalize_email(p.value))})
    phones = sorted({t for p in record.phones if (t := normalize_phone(p.value, region))})
    links = [u] if (u := normalize_linkedin_url(record.linkedin_url or "")) else []
    return emails, phones, links


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = self.parent.setdefault(x, x)
        while root != self.parent[root]:
            root = self.parent[root]
        while x != root:  # path compression keeps later finds O(α)
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Keep the lexicographically smaller root so the result does not depend on order.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def _pick(counter: Counter[str]) -> str | None:
    """Return the most common value; ties go to the value seen first (newest batch first)."""
    if not counter:
        return None
    return counter.most_common(1)[0][0]


def derive(
    records: Iterable[RecordFacts | StoredRecord],
    owners: Iterable[Owner],
    inputs: TieInputs | None = None,
) -> Derived:
    """Return persons, organisations and ties for these records and owners.

    ``records`` may be a stream; each is reduced to its :class:`RecordFacts` as it arrives.
    ``inputs`` carries what ties are scored from besides records (ratings, interactions, the
    weights and the date; :mod:`intrograph.graph.ties`); without it, records alone as of today.
    Deterministic: the same records and owners give the same ids and rows in the same order.
    """
    owners = sorted(owners, key=lambda o: o.name)
    regions = {o.name: o.region for o in owners}
    facts = [
        r if isinstance(r, RecordFacts) else record_facts(r, regions.get(r.owner, "US"))
        for r in records
    ]
    # Newest batch first so that "most common, then newest" picks current employers and titles.
    facts.sort(key=lambda r: (-r.batch_id, r.uid))
    records = facts

    uf = _UnionFind()
    for o in owners:
        node = f"owner:{o.name}"
        uf.find(node)
        for e in o.emails:
            if ne := normalize_email(e):
                uf.union(node, f"e:{ne}")
        for t in o.phones:
            if nt := normalize_phone(t, o.region):
                uf.union(node, f"t:{nt}")
    for r in records:
        node = f"r:{r.uid}"
        uf.find(node)
        for e in r.emails:
            uf.union(node, f"e:{e}")
        for t in r.phones:
            uf.union(node, f"t:{t}")
        for u in r.links:
            uf.union(node, f"l:{u}")

    # A cluster's id comes from its owner if it has one (stable for as long as the owner
    # exists), else from its smallest record uid.
    anchor: dict[str, str] = {}
    owner_of_root: dict[str, str] = {}
    for o in owners:
        root = uf.find(f"owner:{o.name}")
        if root not in owner_of_root:  # two owners sharing an address: first one names it
            owner_of_root[root] = o.name
            anchor[root] = _digest("p", f"owner:{o.name}")
    members: dict[str, list[RecordFacts]] = defaultdict(list)
    for r in records:
        members[uf.find(f"r:{r.uid}")].append(r)
    for root, rs in members.items():
        if root not in anchor:
            anchor[root] = _digest("p", min(r.uid for r in rs))

    orgs = _derive_orgs(records)
    org_by_norm = {o.norm: o for o in orgs}
    org_by_domain = {d: o for o in orgs for d in o.domains}

    out = Derived(orgs=orgs)
    owner_display = {o.name: o for o in owners}
    for root in sorted(anchor, key=lambda k: anchor[k]):
        rs = members.get(root, [])
        pid = anchor[root]
        owner_name = owner_of_root.get(root)
        names: Counter[str] = Counter()
        org_votes: Counter[str] = Counter()
        emails: set[str] = set()
        phones: set[str] = set()
        for r in rs:
            out.record_person[r.uid] = pid
            if r.name:
                names[r.name] += 1
            emails.update(r.emails)
            phones.update(r.phones)
            if r.org_norm:
                org_votes[r.org_norm] += 1
        if owner_name:
            o = owner_display[owner_name]
            emails.update(x for e in o.emails if (x := normalize_email(e)))
            phones.update(x for t in o.phones if (x := normalize_phone(t, o.region)))
        org_norm = _pick(org_votes)
        if org_norm is None:
            # No company written anywhere: a work address still says where someone works.
            for e in sorted(emails):
                d = email_domain(e)
                if d in org_by_domain:
                    org_norm = org_by_domain[d].norm
                    break
        org = org_by_norm.get(org_norm) if org_norm else None
        title = next(
            (r.title for r in rs if r.title and (org is None or r.org_norm == org.norm)), None
        )
        if owner_name and owner_display[owner_name].display_name:
            name = owner_display[owner_name].display_name
        else:
            name = _pick(names) or owner_name or "(unnamed)"
        out.persons.append(
            PersonRow(
                id=pid,
                name=name,
                emails=sorted(emails),
                phones=sorted(phones),
                org_id=org.id if org else None,
                title=title,
                owner=owner_name,
            )
        )

    owner_pid = {name: anchor[root] for root, name in owner_of_root.items()}
    for o in owners:
        owner_pid.setdefault(o.name, anchor[uf.find(f"owner:{o.name}")])
    out.ties = derive_ties(records, out.record_person, owner_pid, out.persons, owners, inputs)
    out.memberships = derive_memberships(records, out.record_person, out.persons, out.orgs)
    return out


def _derive_orgs(records: Sequence[RecordFacts]) -> list[OrgRow]:
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    domain_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        norm = r.org_norm
        if not norm:
            continue
        spellings[norm][r.org_raw] += 1
        for e in r.emails:
            d = email_domain(e)
            if d and not is_free_mail(d):
                domain_votes[d][norm] += 1
    domains: dict[str, list[str]] = defaultdict(list)
    for d, votes in domain_votes.items():
        # A domain belongs to the one organisation most of its addresses were filed under;
        # an old employer's address saved next to a new employer's name must not move it.
        domains[_pick(votes) or ""].append(d)
    return [
        OrgRow(
            id=_digest("o", norm),
            name=_pick(spellings[norm]) or norm,
            norm=norm,
            domains=sorted(domains.get(norm, [])),
        )
        for norm in sorted(spellings)
    ]


def assign_uids(owner: str, file: str, records: Sequence[ContactRecord], region: str) -> list[str]:
    """Return a stable uid per record: the same contact in a newer export keeps its uid.

    The uid hangs on the most stable thing the record carries (its own id, then email, phone,
    profile URL, then name and company), not on its row number, which shifts between exports.
    """
    seen: Counter[str] = Counter()
    uids = []
    for rec in records:
        emails, phones, links = record_keys(rec, region)
        natural = (
            rec.source_id
            or (emails[0] if emails else "")
            or (phones[0] if phones else "")
            or (links[0] if links else "")
            or f"{rec.display_name().lower()}|{normalize_org_name(rec.organization or '')}"
        )
        seen[natural] += 1
        if seen[natural] > 1:  # the same key twice in one file: keep both, in file order
            natural = f"{natural}#{seen[natural]}"
        uids.append(_digest("r", f"{owner}\0{file}\0{natural}"))
    return uids


def record_from_json(data: str) -> ContactRecord:
    """Return a stored record (its JSON as the stores keep it) without re-validating it: the
    store wrote it from a valid model, and validation was most of the cost of re-deriving."""
    fields = json.loads(data)
    fields["emails"] = [ContactPoint.model_construct(**p) for p in fields.get("emails", [])]
    fields["phones"] = [ContactPoint.model_construct(**p) for p in fields.get("phones", [])]
    return ContactRecord.model_construct(**fields)


def record_content(data: str) -> dict:
    """Return a stored record's contents without its position in the file."""
    fields = json.loads(data)
    fields.pop("record", None)
    return fields
