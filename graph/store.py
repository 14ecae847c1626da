"""The store interface every backend implements, and :func:`open_store` to get one.

Backends are an explicit registry rather than discovered, so a wheel that forgets a module fails
loudly. The Neo4j backend's driver is an optional extra and is imported only when asked for.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from intrograph.errors import BackendUnavailable, StoreError
from intrograph.graph.compact import CompactGraph
from intrograph.models import (
    ExpertiseSource,
    ImportSummary,
    LoadResult,
    Organization,
    Owner,
    Person,
    PersonRef,
    PersonTag,
    Tie,
)

__all__ = ["BACKENDS", "PendingFile", "Store", "open_store"]


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
        self, items: Iterable[tuple[Owner, Iterable[PendingFile]]]
    ) -> list[ImportSummary]:
        """Store several owners' loaded files in one transaction; all land or none do.

        ``items`` may be lazy: an exception raised while iterating it rolls everything back.
        """

    def import_files(self, owner: Owner, files: Iterable[PendingFile]) -> list[ImportSummary]:
        """Store one owner's loaded files in one transaction; all land or none do."""
        return self.import_owners([(owner, files)])

    # --- reading ---
    @abc.abstractmethod
    def owners(self) -> list[Owner]: ...

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

    def expertise_sources(self, words: Sequence[str] | None = None) -> Iterator[ExpertiseSource]:
        """Yield what each person's records and tags say about them, for the expert ranker.

        With ``words`` (lower-case fragments), only persons whose records or tags contain one
        of them somewhere: a superset of the persons a ranker over those words can score, so
        the ranker reads a few thousand profiles instead of the whole store.
        """
        raise StoreError(f"expert search is not available on the {self.backend_name} backend "
                         "yet; sync to a SQLite store with `intrograph sync --from neo4j`")

    def person_count(self) -> int:
        """Return how many persons the store holds (the corpus size for ranking)."""
        return len(self.people())

    @property
    def backend_name(self) -> str:
        return type(self).__name__.removesuffix("Store").lower() or "this"


def _sqlite(location: str | Path, **_: object) -> Store:
    from intrograph.graph.sqlite_store import SQLiteStore

    return SQLiteStore(Path(location))


def _neo4j(
    location: str | Path,
    *,
    uri: str | None = None,
    user: str = "neo4j",
    password: str | None = None,
    database: str | None = None,
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
    return Neo4jStore(uri, user=user, password=password, database=database)


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
