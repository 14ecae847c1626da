"""Persons, organisations and ties derived from the stored records: a pure function.

Both stores call :func:`derive` inside the transaction that changed the records, so the derived
tables are always a function of the records and owners alone. That is what makes importing the
same file twice a no-op and ``forget`` exact: nothing derived can outlive the records behind it.

Which records are one human is decided in :mod:`intrograph.graph.resolve` (strong keys, then
names within an organisation, with hand decisions on top); organisations are resolved here first,
since the name tier compares people within one organisation.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from intrograph.graph.colleagues import Membership, derive_memberships
from intrograph.graph.gcpause import paused_gc
from intrograph.graph.resolve import Item, resolve
from intrograph.graph.strength import BookSignals, book_signals, signals_strength
from intrograph.graph.ties import TieInputs, derive_ties
from intrograph.loaders import normalize as _norm
from intrograph.loaders.names import NameKey, name_key
from intrograph.models import ContactPoint, ContactRecord, Owner, Tie

__all__ = [
    "Decision",
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
    name_key: NameKey = NameKey("", "")
    # What the strength model reads (graph/strength.py); None only in hand-built facts.
    signals: BookSignals | None = None


Decision = tuple[str, str, str]  # (kind "merge" | "split" | "keep_id", uid, uid or person id)


def record_facts(stored: StoredRecord, region: str,
                 keys: tuple[list[str], list[str], list[str]] | None = None) -> RecordFacts:
    """Return the facts derivation uses from one stored record (``keys``: its
    :func:`record_keys`, when the caller has them already)."""
    rec = stored.record
    emails, phones, links = keys if keys is not None else record_keys(rec, region)
    signals = book_signals(rec, [e for e in emails if is_free_mail(email_domain(e))])
    strength, evidence = signals_strength(signals, stored.owner)
    org_raw = (rec.organization or "").strip()
    return RecordFacts(
        uid=stored.uid, owner=stored.owner, batch_id=stored.batch_id,
        emails=tuple(emails), phones=tuple(phones), links=tuple(links),
        name=rec.display_name(), org_raw=org_raw, org_norm=normalize_org_name(org_raw),
        title=rec.title or "", strength=strength, detail=evidence.detail,
        name_key=name_key(rec.full_name, rec.given_name, rec.family_name),
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
    why: list[str] = field(default_factory=list)


@dataclass
class OrgRow:
    id: str
    name: str
    norm: str
    domains: list[str]
    # Every normalised spelling that resolved to this organisation ("acme", "acmecom", …).
    norms: list[str] = field(default_factory=list)


@dataclass
class Derived:
    persons: list[PersonRow] = field(default_factory=list)
    orgs: list[OrgRow] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    record_person: dict[str, str] = field(default_factory=dict)
    blocked: int = 0  # strong-key joins refused because the names or profiles disagree
    # Seconds per step (organisations, persons, ties): what benchmarks report.
    timings: dict[str, float] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)


# The normalisers cache what they work out (loaders/normalize.py), once per process.
email_domain = _norm.email_domain
is_free_mail = _norm.is_free_mail
normalize_email = _norm.normalize_email
normalize_phone = _norm.normalize_phone
normalize_linkedin_url = _norm.normalize_linkedin_url
normalize_org_name = _norm.normalize_org_name


def _digest(prefix: str, text: str) -> str:
    return prefix + hashlib.sha1(text.encode()).hexdigest()[:12]


def record_keys(record: ContactRecord, region: str) -> tuple[list[str], list[str], list[str]]:
    """Return the record's normalised (emails, phones, linkedin urls), invalid values dropped."""
    emails = sorted({e for p in record.emails if (e := normalize_email(p.value))})
    phones = sorted({t for p in record.phones if (t := normalize_phone(p.value, region))})
    links = [u] if (u := normalize_linkedin_url(record.linkedin_url or "")) else []
    return emails, phones, links


class _UnionFind:  # over organisation spellings and domains; people use graph/resolve.py
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
    return max(counter, key=counter.__getitem__)  # the first of the most common


@paused_gc()
def derive(
    records: Iterable[RecordFacts | StoredRecord],
    owners: Iterable[Owner],
    decisions: Iterable[Decision] = (),
    inputs: TieInputs | None = None,
) -> Derived:
    """Return persons, organisations and ties for these records, owners and hand decisions.

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

    started = time.perf_counter()
    orgs = _derive_orgs(records)
    org_by_norm = {n: o for o in orgs for n in o.norms}
    org_by_domain = {d: o for o in orgs for d in o.domains}

    def org_of(emails: Sequence[str], norm: str) -> str:
        if norm:
            return org_by_norm[norm].id
        for e in emails:  # no company written: a work address still says where
            if (o := org_by_domain.get(email_domain(e))) is not None:
                return o.id
        return ""

    # Owners first: a cluster with an owner in it is represented by (and named after) the owner.
    items: list[Item] = []
    for o in owners:
        emails = tuple(sorted({x for e in o.emails if (x := normalize_email(e))}))
        phones = tuple(sorted({x for t in o.phones if (x := normalize_phone(t, o.region))}))
        # Only a real name: a handle such as "jsmith" would read as a given name and refuse
        # the owner's own records in colleagues' books.
        items.append(Item(f"owner:{o.name}", name_key(o.display_name) if o.display_name
                          else NameKey("", ""), emails, phones, (), org_of(emails, "")))
    for r in records:
        items.append(Item(r.uid, r.name_key, r.emails, r.phones, r.links,
                          org_of(r.emails, r.org_norm), r.title, r.owner))
    merges, splits, pins = [], [], {}
    for kind, a, b in decisions:
        if kind == "keep_id":
            pins[a] = b
        else:
            (merges if kind == "merge" else splits).append((a, b))
    res = resolve(items, merges, splits)
    resolved = time.perf_counter()
    n_owners = len(owners)

    # A cluster's id comes from its owner if it has one (stable for as long as the owner
    # exists), else from its oldest record: first imported batch, then smallest uid. So another
    # book, related or not, changes no id; only a merge (the older person's id wins) or the
    # removal of the record an id came from does.
    members: dict[int, list[RecordFacts]] = defaultdict(list)
    for i, r in enumerate(records, start=n_owners):
        members[res.cluster[i]].append(r)
    anchor: dict[int, str] = {}
    owner_of_root: dict[int, str] = {}
    for i, o in enumerate(owners):
        root = res.cluster[i]
        if root not in owner_of_root:  # two owners sharing an address: first one names it
            owner_of_root[root] = o.name
            anchor[root] = _digest("p", f"owner:{o.name}")
    taken = set(anchor.values())
    if pins:  # ids a merge or split pinned to a record claim first, if nobody has them yet
        for root, rs in sorted(members.items(), key=lambda kv: min(r.uid for r in kv[1])):
            pinned = sorted(pins[r.uid] for r in rs if r.uid in pins)
            pid = next((p for p in pinned if p not in taken), None)
            if root not in anchor and pid:
                anchor[root] = pid
                taken.add(pid)
    for root, rs in members.items():
        if root not in anchor:
            first = min(rs, key=lambda r: (r.batch_id, r.uid)).uid
            pid = _digest("p", first)
            if pid in taken:  # split away from a person that keeps this id
                pid = _digest("p", first + "\0split")
            anchor[root] = pid

    org_by_id = {o.id: o for o in orgs}
    out = Derived(orgs=orgs, blocked=res.blocked)
    owner_display = {o.name: o for o in owners}
    for root in sorted(anchor, key=lambda k: anchor[k]):
        rs = members.get(root, [])
        pid = anchor[root]
        owner_name = owner_of_root.get(root)
        names: Counter[str] = Counter()
        full_names: Counter[str] = Counter()  # shown before "Tanya" or "D. Crawford"
        org_votes: Counter[str] = Counter()
        emails: set[str] = set()
        phones: set[str] = set()
        for r in rs:
            out.record_person[r.uid] = pid
            if r.name:
                names[r.name] += 1
                if r.name_key.family and len(r.name_key.given) > 1:
                    full_names[r.name] += 1
            emails.update(r.emails)
            phones.update(r.phones)
            if r.org_norm:
                org_votes[org_by_norm[r.org_norm].id] += 1
        if owner_name:
            o = owner_display[owner_name]
            emails.update(x for e in o.emails if (x := normalize_email(e)))
            phones.update(x for t in o.phones if (x := normalize_phone(t, o.region)))
        org_id = _pick(org_votes)
        if org_id is None:
            org_id = org_of(sorted(emails), "") or None
        org = org_by_id.get(org_id) if org_id else None
        title = next(
            (r.title for r in rs if r.title and (org is None or r.org_norm in org.norms)), None
        )
        if owner_name and owner_display[owner_name].display_name:
            name = owner_display[owner_name].display_name
        else:
            name = _pick(full_names) or _pick(names) or owner_name or "(unnamed)"
        out.persons.append(
            PersonRow(
                id=pid,
                name=name,
                emails=sorted(emails),
                phones=sorted(phones),
                org_id=org.id if org else None,
                title=title,
                owner=owner_name,
                why=res.why.get(root, []),
            )
        )

    owner_pid = {name: anchor[root] for root, name in owner_of_root.items()}
    for i, o in enumerate(owners):
        owner_pid.setdefault(o.name, anchor[res.cluster[i]])
    persons_done = time.perf_counter()
    out.ties = derive_ties(records, out.record_person, owner_pid, out.persons, owners, inputs)
    out.memberships = derive_memberships(records, out.record_person, out.persons, out.orgs)
    out.timings = {"resolve": resolved - started, "persons": persons_done - resolved,
                   "ties": time.perf_counter() - persons_done}
    return out


def _derive_orgs(records: Sequence[RecordFacts]) -> list[OrgRow]:
    """Return the organisations the records name, spellings joined through their domains.

    "ACME Corporation, Inc." and "Acme Corp" already share the normal form ``acme``; a name
    written as a domain ("acme.com") joins the organisation whose people use that domain, and a
    second spelling that starts with the same word joins when its people use that domain too
    ("Initech" and "Initech Systems" both at @initech.com). "Acme Brick" at its own domain stays
    apart.
    """
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
    uf = _UnionFind()
    for norm in spellings:
        uf.find(norm)
    domains: dict[str, list[str]] = defaultdict(list)
    for d, votes in sorted(domain_votes.items()):
        # A domain belongs to the one organisation most of its addresses were filed under;
        # an old employer's address saved next to a new employer's name must not move it.
        owner = _pick(votes) or ""
        domains[owner].append(d)
        head = owner.split()[0]
        for norm, n in votes.items():
            if norm != owner and n >= 2 and norm.split()[0] == head:
                uf.union(owner, norm)
    for norm, raw in spellings.items():
        d = _norm.domain_in_name(next(iter(raw)))
        if d and d in domain_votes:
            uf.union(_pick(domain_votes[d]) or norm, norm)
    groups: dict[str, list[str]] = defaultdict(list)
    for norm in sorted(spellings):
        groups[uf.find(norm)].append(norm)
    out = []
    for norms in groups.values():
        # Named after its most written spelling; a domain-shaped name only as a last resort.
        counts = Counter()
        for n in norms:
            counts.update(spellings[n])
        ranked = sorted(counts.items(),
                        key=lambda kv: (_norm.domain_in_name(kv[0]) is not None, -kv[1], kv[0]))
        main = max(norms, key=lambda n: (sum(spellings[n].values()), -len(n)))
        out.append(OrgRow(
            id=_digest("o", main),
            name=ranked[0][0] or main,
            norm=main,
            domains=sorted(d for n in norms for d in domains.get(n, [])),
            norms=norms,
        ))
    out.sort(key=lambda o: o.norm)
    return out


def assign_uids(
    owner: str, file: str, records: Sequence[ContactRecord], region: str,
    keys: Sequence[tuple[list[str], list[str], list[str]]] | None = None,
) -> list[str]:
    """Return a stable uid per record: the same contact in a newer export keeps its uid.

    The uid hangs on the most stable thing the record carries (its own id, then email, phone,
    profile URL, then name and company), not on its row number, which shifts between exports.
    ``keys`` are the records' :func:`record_keys`, when the caller has them already.
    """
    seen: Counter[str] = Counter()
    uids = []
    for i, rec in enumerate(records):
        emails, phones, links = keys[i] if keys is not None else record_keys(rec, region)
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
