"""Why the resolver misses: the true pairs it leaves apart, by the noise that produced them.

    python benchmarks/resolution_misses.py            # 10k records
    python benchmarks/resolution_misses.py --size 200k

Builds the same noisy world as ``benchmarks/resolution.py``, resolves it, and for every pair of
records of one human that ended in two persons names the first cause that applies, in the order
of :data:`CAUSES`. Pairs are what recall counts, so the shares add up to the recall lost.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from resolution import build  # noqa: E402

CAUSES = (
    "no name (only an email or phone)",
    "given name only",
    "changed employer, no shared key",
    "no organisation written, no shared key",
    "initial only",
    "typo in family name",
    "typo in given name",
    "swapped given/family",
    "nickname the table does not relate",
    "conflicting phones or company addresses",
    "other",
)


def describe(entry, card, person, key) -> set[str]:
    """Return what is hard about one record, as :data:`CAUSES` words."""
    from intrograph.fixtures.model import GIVEN_ONLY, INITIAL, NO_NAME, SWAPPED, TYPO
    from intrograph.loaders.names import name_key, names_match

    out = set()
    if entry.name_style == NO_NAME or not key:
        out.add(CAUSES[0])
    elif entry.name_style == GIVEN_ONLY:
        out.add(CAUSES[1])
    if entry.name_style == INITIAL:
        out.add(CAUSES[4])
    if entry.noise & TYPO:
        canon = name_key("", person.given, person.family)
        out.add(CAUSES[5] if key.family != canon.family else CAUSES[6])
    if entry.noise & SWAPPED:
        out.add(CAUSES[7])
    if key and not (entry.noise & TYPO) and not names_match(
            key, name_key("", person.given, person.family)):
        out.add(CAUSES[8])
    return out


def keys_of(f) -> set[str]:
    from intrograph.loaders.normalize import email_match_key

    return {*(email_match_key(e) for e in f.emails), *f.phones, *f.links}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="10k")
    ap.add_argument("--examples", type=int, default=0, help="print this many pairs per cause")
    args = ap.parse_args()

    from intrograph.graph.derive import derive

    owners, facts, true_person, true_org, _, entries = build(args.size, keep_entries=True)
    derived = derive(facts, owners)
    pred = [derived.record_person[f.uid] for f in facts]
    org_of = {n: o.id for o in derived.orgs for n in o.norms}
    email_org = {d: o.id for o in derived.orgs for d in o.domains}

    def org(i: int) -> str:
        f = facts[i]
        if f.org_norm:
            return org_of[f.org_norm]
        return next((email_org[e.rpartition("@")[2]] for e in f.emails
                     if e.rpartition("@")[2] in email_org), "")

    by_person: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(true_person):
        by_person[p].append(i)
    causes: Counter[str] = Counter()
    examples: dict[str, list] = defaultdict(list)
    true_pairs = missed = 0
    for rows in by_person.values():
        true_pairs += len(rows) * (len(rows) - 1) // 2
        parts: dict[str, list[int]] = defaultdict(list)
        for i in rows:
            parts[pred[i]].append(i)
        if len(parts) < 2:
            continue
        # The largest part is the person as found; each smaller part was split off from the
        # larger ones, and the pairs it loses are put down to what is hard about it.
        ordered = sorted(parts.values(), key=lambda p: (-len(p), p[0]))
        main = ordered[0]
        main_keys = set().union(*(keys_of(facts[i]) for i in main))
        main_orgs = {o for i in main if (o := org(i))}
        before = len(main)
        for part in ordered[1:]:
            lost = len(part) * before
            before += len(part)
            missed += lost
            hard = set().union(*(describe(*entries[i], facts[i].name_key) for i in part))
            part_keys = set().union(*(keys_of(facts[i]) for i in part))
            part_orgs = {o for i in part if (o := org(i))}
            if not part_keys & main_keys:
                if part_orgs and main_orgs and not part_orgs & main_orgs:
                    hard.add(CAUSES[2])
                if not part_orgs:
                    hard.add(CAUSES[3])
            if not hard and part_keys and main_keys:
                hard.add(CAUSES[9])
            cause = next((c for c in CAUSES if c in hard), CAUSES[-1])
            causes[cause] += lost
            if len(examples[cause]) < args.examples:
                examples[cause].append((main, part))
    recall = 1 - missed / true_pairs
    print(f"{len(facts):,} records, {true_pairs:,} true pairs, {missed:,} missed "
          f"(recall {recall:.4f})\n")
    print("| first cause that applies | missed pairs | share of true pairs |")
    print("|---|---|---|")
    for c in CAUSES:
        if causes[c]:
            print(f"| {c} | {causes[c]:,} | {causes[c] / true_pairs:.4f} |")
    for c, pairs in examples.items():
        print(f"\n{c}:")
        for main, part in pairs:
            for tag, rows in (("found", main), ("apart", part)):
                for i in rows:
                    f = facts[i]
                    print(f"  {tag} {true_person[i]} {f.owner} {f.name!r} org={f.org_raw!r} "
                          f"{org(i)[:8]} t={f.title!r} e={f.emails} p={f.phones} l={f.links}")
            print()


if __name__ == "__main__":
    main()
