"""``expert --draft``: a short note asking the first connector on the path for an introduction.

The tool only writes the text; it never sends anything. The note says plainly that it is a
personal favour, who it is for and what the question is, so the connector can decide quickly.
"""

from __future__ import annotations

from intrograph.models import Expert

__all__ = ["draft_request"]


def _first(name: str) -> str:
    return name.split()[0] if name.strip() else name


def _role(expert: Expert) -> str:
    p = expert.person
    role = " at ".join(x for x in (p.title, p.organization) if x)
    return f" ({role})" if role else ""


def draft_request(expert: Expert, question: str, friend: str | None = None) -> str:
    """Return an editable intro-request note for ``expert``'s path, marked as a personal ask."""
    if expert.path is None or len(expert.path.people) < 2:
        raise ValueError("a draft needs a path to the expert")
    people = expert.path.people
    me, first = people[0], people[1]
    who = f"a friend of mine, {friend}," if friend else "a friend of mine"
    target = expert.person
    header = [
        "PERSONAL REQUEST (draft, not sent; edit it, then send it yourself)",
        f"To: {first.name}",
    ]
    if len(people) == 2:
        header.append("Subject: A question from a friend of mine")
        body = [
            f"Hi {_first(first.name)},",
            "",
            f"This is a personal favour, not a work request. {who[0].upper()}{who[1:]} is "
            f'trying to figure out: "{question.strip()}"',
            "I thought of you straight away. Would you be open to a short call or a few lines "
            "by email with them? Say no if it's a busy time; no hard feelings at all.",
        ]
    else:
        nxt = people[2]
        ask = (f"introducing me to {target.name}{_role(expert)}" if nxt.id == target.id else
               f"introducing me to {nxt.name}, who knows {target.name}{_role(expert)}")
        header.append(f"Subject: Could you introduce me to {nxt.name}?")
        body = [
            f"Hi {_first(first.name)},",
            "",
            f"This is a personal favour, not a work request. {who[0].upper()}{who[1:]} is "
            f'trying to figure out: "{question.strip()}"',
            f"{_first(target.name)} seems to be the person who would know"
            + (f" ({expert.why[0]})" if expert.why else "") + ".",
            f"Would you be comfortable {ask}? A short email to both of us is plenty. "
            "If it's not a good time, no problem at all.",
        ]
    return "\n".join([*header, "", *body, "", "Thanks,", _first(me.name)]) + "\n"
