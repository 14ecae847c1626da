"""The store interface every backend implements, and :func:`open_store` to get one.

Backends are an explicit registry rather than discovered, so a wheel that forgets a module fails
loudly. The Neo4j backend's driver is an optional extra and is imported only when asked for.
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from intrograph.errors import BackendUnavailable, StoreError
from intrograph.graph.compact import CompactGraph

if TYPE_CHECKING:
    from intrograph.graph.colleagues import Membership
    from intrograph.graph.evidence_sql import PendingInteractions
    from intrograph.graph.inputs import StoreInputs
from intrograph.models import (
    Ask,
    AskState,
    ContactRecord,
    ExpertiseSource,
    ImportSummary,
    InteractionSummary,
    LoadResult,
    Organization,
    Owner,
    Person,
    PersonRef,
    PersonTag,
    Provenance,
    ShareLevel,
    Tie,
)

__all__ = [
    "BACKENDS", "DERIVING", "TABLES", "Decision", "PendingFile", "Store", "open_store",
]

# What an import tells ``on_stage`` once its files are stored.
DERIVING = "resolving people and scoring ties"

# What counts() and dump() answer for, on every backend, in SQLite's table names. A backend
# that does not keep one of them (Neo4j keeps no ratings yet) reports it empty.
TABLES = (
    "owners",
    "batches",
    "records",
    "rejects",
    "organizations",
    "org_domains",
    "persons",
    "person_keys",
    "record_person",
    "ties",
    "search_graph",
    "identity_decisions",
    "asks",
    "ask_events",
    "ratings",
    "interaction_files",
    "interactions",
    "interaction_rejects",
    "memberships",
    "person_tags",
)

Decision = tuple[str, str, str]  # (kind, record uid, record uid or person id for keep_id)


class PendingFile:
    """A file on its way into the store, with the hash that makes re-imports no-ops.

    ``load`` may be a function that parses the file; it is called only if the store has not
    seen this content before, so re-importing a folder of unchanged exports parses nothing.
    """

    def __init__(
        self,
        load: LoadResult | Callable[[], LoadResult],
        content_hash: str,
        file: str | None = None,
    ):
        self._load = load
        self.content_hash = content_hash
        if file is None:
            if not isinstance(load, LoadResult):
                raise TypeError("a lazily loaded PendingFile needs its file name")
            file = load.file
        self.file = file

    @property
    def load(self) -> LoadResult:
        if not isinstance(self._load, LoadResult):
            self._load = self._load()
        return self._load


class Store(abc.ABC):
    """What the rest of intrograph needs from a place that holds the graph."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---
    @abc.abstractmethod
    def import_owners(
        self, items: Iterable[tuple[Owner, Iterable[PendingFile]]],
        on_stage: Callable[[str], None] | None = None,
    ) -> list[ImportSummary]:
        """Store several owners' loaded files in one transaction; all land or none do.

        ``items`` may be lazy: an exception raised while iterating it rolls everything back.
        ``on_stage(text)`` hears when the files are stored and deriving people begins.
        """

    def import_files(self, owner: Owner, files: Iterable[PendingFile],
                     on_stage: Callable[[str], None] | None = None) -> list[ImportSummary]:
        """Store one owner's loaded files in one transaction; all land or none do."""
        return self.import_owners([(owner, files)], on_stage)

    @abc.abstractmethod
    def decide(self, add: Sequence[Decision], remove: Sequence[Decision] = ()) -> None:
        """Record identity decisions (and drop earlier ones), then re-derive, in one transaction.

        A decision is ``(kind, a, b)`` over record uids: ``merge``, ``split`` or ``keep_id``
        (see graph/migrations/v3_decisions.sql). Every later import respects them.
        """

    @abc.abstractmethod
    def decisions(self) -> list[Decision]:
        """Return every identity decision, oldest first."""

    # --- reading ---
    @abc.abstractmethod
    def owners(self) -> list[Owner]: ...

    @abc.abstractmethod
    def person(self, person_id: str) -> Person | None:
        """Return one person by id, with the records behind them."""

    @abc.abstractmethod
    def person_of_record(self, uid: str) -> str | None:
        """Return the id of the person a record (or ``owner:<name>``) belongs to."""

    @abc.abstractmethod
    def person_records(self, person_id: str) -> list[tuple[str, Provenance | None]]:
        """Return the uids behind a person: each record's with where it came from, and
        ``("owner:<name>", None)`` when the person is an owner."""

    @abc.abstractmethod
    def people(self, query: str | None = None, limit: int | None = None) -> list[Person]:
        """Return persons whose name, email, phone or organisation contains ``query``."""

    @abc.abstractmethod
    def person_refs(self, ids: Sequence[str]) -> dict[str, PersonRef]: ...

    @abc.abstractmethod
    def organizations(self, query: str | None = None) -> list[Organization]: ...

    @abc.abstractmethod
    def org_by_domain(self, domain: str) -> Organization | None: ...

    def orgs_by_name(self, norm: str, *, partial: bool = False) -> list[Organization]:
        """Return organisations whose normalised name equals (or contains) ``norm``.

        ``norm`` is already normalised (``normalize_org_name``). This default scans every
        organisation; a backend that keeps the normalised name indexed overrides it.
        """
        from intrograph.loaders.normalize import normalize_org_name

        def hit(o: Organization) -> bool:
            name = normalize_org_name(o.name)
            return norm in name if partial else name == norm

        return [o for o in self.organizations() if norm and hit(o)]

    @abc.abstractmethod
    def persons_at(self, org_id: str) -> list[str]:
        """Return the ids of persons whose current organisation is ``org_id``."""

    @abc.abstractmethod
    def ties(self) -> Iterator[Tie]:
        """Yield every tie; evidence may be left empty (use :meth:`tie` for a path's links)."""

    @abc.abstractmethod
    def tie_strengths(self) -> Iterator[tuple[str, str, float]]:
        """Yield (a, b, strength) for every tie: what building the search graph needs."""

    @abc.abstractmethod
    def tie(self, a: str, b: str) -> Tie | None: ...

    def search_graph(self) -> CompactGraph:
        """Return every tie as the compact graph path search runs on.

        Built from :meth:`tie_strengths`; a backend that can keep it ready overrides this.
        """
        return CompactGraph.from_ties(self.tie_strengths())

    @abc.abstractmethod
    def counts(self) -> dict[str, int]: ...

    @abc.abstractmethod
    def dump(self) -> dict[str, list[tuple]]:
        """Return every table's rows, sorted: what tests compare before and after."""

    def snapshot(self) -> contextlib.AbstractContextManager[Store]:
        """Return a context in which every read sees one committed state of the store.

        A query that reads several times (the search graph, then ties, then people) must not see
        half of an import that commits meanwhile in another process. Reads only: writing inside
        a snapshot is an error. Backends without such a guarantee return a context that does
        nothing.
        """
        return contextlib.nullcontext(self)

    # --- expertise (intrograph tag / expert) ---
    # Not abstract: a backend without them says so in a clear error instead of failing to load.

    def add_tags(self, person_id: str, tags: Sequence[str], owner: str | None) -> int:
        """Attach ``tags`` (already normalised) to a person; return how many were new."""
        raise StoreError(f"tags are not available on the {self.backend_name} backend yet")

    def remove_tags(self, person_id: str, tags: Sequence[str], owner: str | None) -> int:
        """Remove ``owner``'s ``tags`` from a person (any owner's when None); return how many."""
        raise StoreError(f"tags are not available on the {self.backend_name} backend yet")

    def person_tags(self, ids: Sequence[str]) -> dict[str, list[PersonTag]]:
        """Return the tags of each of ``ids`` that has any."""
        raise StoreError(f"tags are not available on the {self.backend_name} backend yet")

    def expertise_sources(
        self, words: Sequence[str] | None = None,
        visible: Callable[[str, str], bool] | None = None,
    ) -> Iterator[ExpertiseSource]:
        """Yield what each person's records and tags say about them, for the expert ranker.

        With ``words`` (lower-case fragments), only persons whose records or tags contain one
        of them somewhere: a superset of the persons a ranker over those words can score, so
        the ranker reads a few thousand profiles instead of the whole store. With ``visible``
        (owner, person id) -> bool, records and tags of owners it refuses are left out: what
        a hidden book says about someone is never a reason shown to others.
        """
        raise StoreError(f"expert search is not available on the {self.backend_name} backend "
                         "yet")

    def person_count(self) -> int:
        """Return how many persons the store holds (the corpus size for ranking)."""
        return len(self.people())

    # --- intro requests (asks) ---
    def add_ask(
        self,
        *,
        owner: str,
        connector: PersonRef,
        target: PersonRef,
        query: str,
        path: Sequence[PersonRef],
        reason: str,
        draft: str,
        at: dt.datetime,
    ) -> Ask:
        """Record a new intro request in state drafted at ``at``; return it with its id."""
        raise StoreError(f"asks are not available on the {self.backend_name} backend yet")

    def asks(self, ids: Sequence[int] | None = None) -> list[Ask]:
        """Return the asks with ``ids`` (all by default), oldest first, with their histories."""
        raise StoreError(f"asks are not available on the {self.backend_name} backend yet")

    def set_ask_state(
        self, ask_id: int, expected: AskState, state: AskState, at: dt.datetime, note: str = ""
    ) -> Ask:
        """Move an ask from ``expected`` to ``state`` at ``at`` and return it.

        Raises :class:`StoreError` if the ask is no longer in ``expected`` (someone else moved
        it meanwhile), so two people updating one ask cannot lose a step.
        """
        raise StoreError(f"asks are not available on the {self.backend_name} backend yet")

    @property
    def backend_name(self) -> str:
        return type(self).__name__.removesuffix("Store").lower()

    # --- privacy and data control (graph/privacy.py) -------------------------------------------
    # Defaults refuse, so a backend without them fails loudly instead of silently keeping data.

    def _not_here(self, what: str) -> StoreError:
        backend = type(self).__name__.removesuffix("Store").lower()
        return StoreError(f"{what} is not available on the {backend} backend yet")

    def forget_owner(self, name: str) -> dict[str, int]:
        """Remove an owner's book and all that only it brought in; return rows removed per table."""
        raise self._not_here("forget")

    def export_owner(self, name: str) -> dict:
        """Return everything held about one owner's book as JSON-ready data."""
        raise self._not_here("export")

    def set_share(self, name: str, share: ShareLevel) -> None:
        """Set how much of an owner's book colleagues may use and see."""
        raise self._not_here("owner set --share")

    def owner_contacts(
        self, name: str, person_ids: Collection[str] | None = None
    ) -> Iterator[tuple[str, ContactRecord]]:
        """Yield (person id, record) for every record in one owner's book (of these persons)."""
        raise self._not_here("sharing levels other than 'all'")

    def contact_channels(self, name: str) -> Iterator[tuple[str, list[str], str, list[str]]]:
        """Yield (person id, labels, organisation, email addresses) for each record in one
        owner's book: what deciding work versus personal contacts needs."""
        for pid, rec in self.owner_contacts(name):
            yield pid, rec.labels, rec.organization, [p.value for p in rec.emails]

    def tie_owners(
        self, touching: Collection[str] | None = None
    ) -> Iterator[tuple[str, str, list[str | None]]]:
        """Yield (a, b, the owner of each evidence item) for every tie, or those touching
        these person ids: whose books support it."""
        for t in self.tie_evidence(touching):
            yield t.a, t.b, [e.owner for e in t.evidence]

    def optouts(self) -> list[tuple[str, str, str]]:
        """Return (key, label, added_at) of every opt-out; a backend that cannot hold any has
        none (adding one there fails)."""
        return []

    def add_optouts(self, rows: Sequence[tuple[str, str]]) -> int:
        """Remember (key, label) opt-outs; return how many were new."""
        raise self._not_here("optout")

    def remove_optouts(self, keys: Sequence[str]) -> int:
        """Forget these opt-out keys; return how many there were."""
        raise self._not_here("optout --undo")

    def person_ids_with_keys(self, keys: Iterable[str]) -> set[str]:
        """Return the ids of persons holding any of these strong keys ('e:', 't:', 'l:')."""
        raise self._not_here("optout")

    def strong_keys(self, person_id: str) -> list[str]:
        """Return a person's normalised strong keys: 'e:' emails, 't:' phones, 'l:' profiles."""
        raise self._not_here("optout")

    def tie_evidence(self, touching: Collection[str] | None = None) -> Iterator[Tie]:
        """Yield every tie (or those touching these person ids) with its evidence.

        A backend with a faster way overrides this.
        """
        wanted = None if touching is None else set(touching)
        for t in self.ties():
            if wanted is not None and t.a not in wanted and t.b not in wanted:
                continue
            full = self.tie(t.a, t.b)
            if full is not None:
                yield full

    # --- strength evidence (issue 5): ratings and interaction history ---
    def rate(self, owner: str, person_id: str, stars: int) -> None:
        """Store ``owner``'s 1..5 for their tie to ``person_id``; it outranks inference."""
        raise StoreError(f"rate is not available on the {self.backend_name} backend yet")

    def import_interactions(self, owner: str, pending: PendingInteractions) -> InteractionSummary:
        """Store one file of ``owner``'s email/meeting headers; the same content is a no-op."""
        raise StoreError(
            f"interactions is not available on the {self.backend_name} backend yet")

    def membership_owners(self, owners: Collection[str]) -> Iterator[tuple[str, str, list[str]]]:
        """Yield (person id, organisation id, owners whose records say so) for every membership
        one of ``owners`` supports; none on a backend without organisation nodes."""
        return iter(())

    def membership(self, person_id: str, org_node: str) -> Membership | None:
        """Return how a person belongs to an organisation node of the search graph, if so."""
        return None

    def org_name(self, org_id: str) -> str | None:
        """Return an organisation's name. This default scans; a backend may look it up."""
        return next((o.name for o in self.organizations() if o.id == org_id), None)

    # --- moving a store between backends (graph/sync.py) ---------------------------------------

    def export_inputs(self) -> StoreInputs:
        """Return every input row (graph/inputs.py), read in one consistent state."""
        raise self._not_here("sync")

    def load_inputs(
        self, inputs: StoreInputs, check: Callable[[dict[str, int]], None] | None = None
    ) -> None:
        """Write ``inputs`` into this store, which must hold no owners, and derive the rest, in
        one transaction.

        Before committing, ``check`` is called with the counts the transaction would leave
        (:data:`TABLES` plus ``optouts``); if it raises, nothing is written.
        """
        raise self._not_here("sync")

    def ties_of(self, person_id: str) -> list[Tie]:
        """Return every tie of one person with its evidence, strongest first."""
        ties = [t for other, _ in self.search_graph().neighbors(person_id)
                if (t := self.tie(person_id, other)) is not None]
        return sorted(ties, key=lambda t: (-t.strength, t.a, t.b))


def _sqlite(location: str | Path, *, today: dt.date | None = None, **_: object) -> Store:
    from intrograph.graph.sqlite_store import SQLiteStore

    return SQLiteStore(Path(location), today=today)


def _neo4j(
    location: str | Path,
    *,
    uri: str | None = None,
    user: str = "neo4j",
    password: str | None = None,
    database: str | None = None,
    today: dt.date | None = None,
    **_: object,
) -> Store:
    """Return a Neo4j store at ``uri``, or at ``location`` when that is itself a URI."""
    try:
        import neo4j  # noqa: F401
    except ImportError as exc:
        raise BackendUnavailable(
            "the neo4j backend needs the driver: pip install 'intrograph[neo4j]'"
        ) from exc
    from intrograph.graph.neo4j_store import Neo4jStore

    if uri is None and "://" in str(location):
        uri = str(location)
    if not uri:
        raise StoreError(
            "the neo4j backend needs a server: set NEO4J_URI (e.g. neo4j://localhost:7687), "
            "NEO4J_USER and NEO4J_PASSWORD"
        )
    return Neo4jStore(uri, user=user, password=password, database=database, today=today)


BACKENDS: dict[str, Callable[..., Store]] = {"sqlite": _sqlite, "neo4j": _neo4j}


def open_store(location: str | Path, backend: str = "sqlite", **options: object) -> Store:
    """Return an open store of the given backend at ``location`` (a file path for SQLite)."""
    try:
        factory = BACKENDS[backend]
    except KeyError:
        raise StoreError(
            f"unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}"
        ) from None
    return factory(location, **options)
