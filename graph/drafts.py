"""The texts intro requests need: the double opt-in ask and each follow-up step's draft.

intrograph never sends any of these; they are drafts a person edits and sends themselves. The
ask is a double opt-in: the connector is first asked whether they are willing, and whether the
target wants the introduction, before the target hears the owner's name from anyone.
"""

from __future__ import annotations

import datetime as dt

from intrograph.models import Ask, AskState, PersonRef

__all__ = [
    "ask_text",
    "call_action",
    "call_script",
    "close_action",
    "close_text",
    "dormant_action",
    "first_name",
    "resend_action",
    "resend_text",
    "revisit_action",
    "send_action",
]


def first_name(person: PersonRef) -> str:
    """Return the name to greet someone by: the first word of their name."""
    return person.name.split()[0] if person.name.split() else person.name


def _who_they_are(person: PersonRef) -> str:
    role = " at ".join(x for x in (person.title, person.organization) if x)
    return f"{person.name} ({role})" if role else person.name


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.isoformat()}"


def ask_text(owner_name: str, connector: PersonRef, target: PersonRef, reason: str = "") -> str:
    """Return the double opt-in request to the connector, signed by ``owner_name``."""
    about = f" about {reason.strip().rstrip('.')}" if reason.strip() else ""
    them = first_name(target)
    return (
        f"Subject: Would you be open to introducing me to {target.name}?\n"
        "\n"
        f"Hi {first_name(connector)},\n"
        "\n"
        f"I would like to talk with {_who_they_are(target)}{about}. You know {them} and I do "
        "not, so two questions before anything happens:\n"
        "\n"
        "1. Would you be comfortable making an introduction? \"No\" is a perfectly good answer.\n"
        f"2. If you are, would you first ask {them} whether they would welcome it? I will only "
        f"write to {them} if they say yes.\n"
        "\n"
        f"If it helps, you could forward this: \"{owner_name} would like to talk with you"
        f"{about}. Would you be open to an introduction?\"\n"
        "\n"
        "Thanks either way,\n"
        f"{owner_name}\n"
    )


def _waiting_for(waiting: AskState, target: PersonRef) -> str:
    if waiting is AskState.ACCEPTED:
        return f"the introduction to {target.name}"
    if waiting is AskState.INTRODUCED:
        return "a time to talk"
    return f"my question about an introduction to {target.name}"


def send_action(ask: Ask) -> str:
    return (f"Send the draft to {ask.connector.name} yourself (intrograph sends nothing), then "
            f"`intrograph ask update {ask.id} asked`.")


def resend_action(ask: Ask, who: PersonRef, since: dt.date) -> str:
    return (f"No answer from {who.name} since {_day(since)}: resend your message with the short "
            "note below on top.")


def resend_text(ask: Ask, who: PersonRef, waiting: AskState, sign: str) -> str:
    note = (
        f"Hi {first_name(who)},\n"
        "\n"
        f"Bringing this back to the top of your inbox in case it got buried: "
        f"{_waiting_for(waiting, ask.target)}. No pressure either way.\n"
        "\n"
        f"{sign}\n"
    )
    if waiting is not AskState.ASKED:
        return note
    # The resend is the original message with the note on top, quoted as mail clients do.
    quoted = "\n".join(f"> {line}".rstrip() for line in ask.draft.rstrip("\n").splitlines())
    return f"{note}\n{quoted}\n"


def call_action(ask: Ask, who: PersonRef, resent: dt.date) -> str:
    return f"Still nothing since the resend on {_day(resent)}: call {who.name}."


def call_script(ask: Ask, who: PersonRef, waiting: AskState, since: dt.date, sign: str) -> str:
    return (
        f"\"Hi {first_name(who)}, it's {sign}. I wrote on {_day(since)} about "
        f"{_waiting_for(waiting, ask.target)}. Is it something you'd be comfortable with, or "
        "is now a bad time? Either answer is fine.\" If voicemail: leave your number and say you "
        "will not chase further."
    )


def close_action(ask: Ask, who: PersonRef) -> str:
    return (f"Send {who.name} a polite closing message that leaves the ball in their court, "
            f"then `intrograph ask update {ask.id} went-dark`.")


def close_text(ask: Ask, who: PersonRef, waiting: AskState, sign: str) -> str:
    return (
        f"Hi {first_name(who)},\n"
        "\n"
        f"I haven't heard back about {_waiting_for(waiting, ask.target)}, so I'll take it that "
        "now isn't a good time and I won't keep nudging. If it ever makes sense, just reply to "
        "this message and I'll pick it up from there.\n"
        "\n"
        "Thanks, and all the best,\n"
        f"{sign}\n"
    )


def dormant_action(ask: Ask, months: int) -> str:
    return (f"No reply to the closing message: `intrograph ask update {ask.id} dormant`; it will "
            f"come back for a revisit in {months} months.")


def revisit_action(ask: Ask, months: int) -> str:
    return (f"Dormant for {months} months: check whether {ask.target.name} still matters and "
            "whether there is news worth a fresh ask; if so "
            f"`intrograph ask update {ask.id} asked` when you ask again.")
