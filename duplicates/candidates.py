"""Candidate pairs of duplicate organisations among those a user may merge, scored with the reasons shown.

What counts (``score`` 0–100): the names' similarity without diacritics and legal forms ("z. s.", "o. p. s.", …) as
pg_trgm measures it (trigrams of the words), the same IČO where one record lost it or equal to a merged record's,
the same address (street and obec), the same web domain, the same e-mail or phone. Both IČOs present and different
mean two legal persons: a strong minus, and such a pair is listed only when the names are nearly the same (marked).

The pairs lie within one kraj and are scored for the whole kraj at once, whoever asks (the user's reach is applied
after), and kept in the cache until an organisation of the kraj changes. Similar names are found without comparing
every name with every other: each name only with those holding one of its rarest trigrams (``similar_name_pairs``),
the same on PostgreSQL and SQLite (``make run``). A self-join of the kraj's search names through their GIN trigram
index (``%``) was measured first on the national dataset: 300–370 ms for one ORP's 150 names and several seconds for
a kraj's 1 700 (every name's index lookup reads the long lists of its common trigrams nationwide). The other signals
come from grouping the kraj's rows in one pass. Pairs a user said are different (NotDuplicate) are never offered
again.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from duplicates.models import NotDuplicate
from organizations.models import Organization, OrganizationMerge
from organizations.search import normalize

# Legal forms left out of a name before comparing (on the normalised name: no diacritics, lower case).
LEGAL_FORMS = re.compile(
    r"\b(z\s*\.?\s*s|o\s*\.?\s*p\s*\.?\s*s|z\s*\.?\s*u|s\s*\.?\s*r\s*\.?\s*o|a\s*\.?\s*s|v\s*\.?\s*o\s*\.?\s*s"
    r"|k\s*\.?\s*s|p\s*\.?\s*o|spolek|zapsany spolek|obecne prospesna spolecnost|zapsany ustav|prispevkova organizace"
    r"|spol\s*\.?\s*s\s*r\s*\.?\s*o)\b\.?"
)
# pg_trgm's default threshold of ``%``: pairs less similar are not candidates by name.
NAME_THRESHOLD = 0.3
# A name is compared with the names holding one of its rarest trigrams (this many), of those held by this many names of
# the kraj at most.
KEY_GRAMS = 6
RARE_LIMIT = 40
# The scored pairs of a kraj are kept this long at most (a change of one of its organisations makes a new key).
CACHE_SECONDS = 24 * 60 * 60
CACHE_VERSION = 2
# A pair of two IČOs is listed only with names at least this similar.
DIFFERENT_ICO_NAMES = 0.75
# One name is the other with words added ("Klubko, o. p. s." and "Klubko, o. p. s. – Pelhřimov"): as similar as this
# at least, when the shorter has CONTAINED_SHARE of the longer's words.
CONTAINED = 0.85
CONTAINED_SHARE = 0.7
# Listed from this score up.
LISTED_FROM = 35
# A group of rows sharing an address, a domain, an e-mail or a phone larger than this says nothing (a shared office,
# a generic mailbox): its pairs are not candidates by it.
GROUP_LIMIT = 12

WEIGHTS = {"name": 60, "ico": 40, "address": 20, "web": 15, "email": 15, "phone": 10}
DIFFERENT_ICO = -40
# Two names that each have words of their own ("… Jihlava", "… Třebíč") of records in two different obce: branches of
# one institution in two places (an office, a counselling centre), not one record twice.
BRANCHES = -45

REASONS = {
    "name": _("similar name"),
    "ico": _("the same IČO (one record lost it, or it was merged)"),
    "address": _("the same address"),
    "web": _("the same web domain"),
    "email": _("the same e-mail"),
    "phone": _("the same phone"),
    "different_ico": _("different IČO: two legal persons?"),
}
FIELDS = (
    "id",
    "name",
    "search_name",
    "ico",
    "street",
    "municipality_id",
    "district_id",
    "web",
    "email",
    "phone",
    "region_id",
)


def core_name(name: str) -> str:
    """The name without diacritics, case, punctuation and legal form: what two records of one organisation share."""
    plain = LEGAL_FORMS.sub(" ", normalize(name))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def trigrams(text: str) -> set[str]:
    """The trigrams of a text as pg_trgm counts them: each word padded with two spaces before and one after."""
    grams = set()
    for word in re.findall(r"[0-9a-z]+", text):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of the two."""
    return _alike(trigrams(a), trigrams(b))


def web_domain(url: str) -> str:
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.")


def address_key(row: dict) -> str | None:
    if not row["street"] or not row["municipality_id"]:
        return None
    return f"{row['municipality_id']}|{core_name(row['street'])}"


def phone_key(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-9:] if len(digits) >= 9 else ""


@dataclass
class Candidate:
    """A pair of organisations that may be one, with its score and what matched."""

    first: Organization
    second: Organization
    score: int
    similarity: float
    matched: list[str] = field(default_factory=list)
    different_ico: bool = False

    @property
    def reasons(self) -> list[str]:
        return [str(REASONS[code]) for code in self.matched] + (
            [str(REASONS["different_ico"])] if self.different_ico else []
        )

    @property
    def key(self) -> str:
        return f"{self.first.pk}-{self.second.pk}"


def mergeable(user):
    """The organisations the user may merge."""
    return Organization.objects.restrict(user, "merge")


@dataclass(frozen=True)
class Name:
    """A name as compared: its core (``core_name``), its trigrams and its words."""

    core: str
    grams: frozenset
    words: frozenset

    @classmethod
    def of(cls, name: str) -> "Name":
        core = core_name(name)
        return cls(core, frozenset(trigrams(core)), frozenset(core.split()))


def similar_name_pairs(names: dict[int, Name]) -> set[tuple[int, int]]:
    """The pairs (lower id, higher id) among these names (one kraj's, by id) whose trigram similarity reaches
    NAME_THRESHOLD, without comparing every name with every other: each name is compared only with the names that hold
    one of its KEY_GRAMS rarest trigrams (two records of one organisation share their rare trigrams: the brand, the
    street, the town, a typo apart; two branches of one institution share only the common ones)."""
    holders = defaultdict(list)
    for pk, name in names.items():
        for gram in name.grams:
            holders[gram].append(pk)
    pairs = set()
    for pk, name in names.items():
        rare = sorted(name.grams, key=lambda gram: (len(holders[gram]), gram))[:KEY_GRAMS]
        others = {other for gram in rare if len(holders[gram]) <= RARE_LIMIT for other in holders[gram] if other > pk}
        pairs.update((pk, other) for other in others if _alike(name.grams, names[other].grams) >= NAME_THRESHOLD)
    return pairs


def _alike(first: set[str], second: set[str]) -> float:
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared) if first and second else 0.0


def _grouped_pairs(rows: list[dict], key) -> set[tuple[int, int]]:
    groups = defaultdict(list)
    for row in rows:
        value = key(row)
        if value:
            groups[value].append(row["id"])
    pairs = set()
    for members in groups.values():
        if 1 < len(members) <= GROUP_LIMIT:
            pairs.update(combinations(sorted(members), 2))
    return pairs


def _ico_pairs(rows: list[dict]) -> set[tuple[int, int]]:
    """Pairs where one record's IČO is one the other held once (its history) or a merged record held (its merge)."""
    ids = [row["id"] for row in rows]
    current = {row["ico"]: row["id"] for row in rows if row["ico"]}
    held = defaultdict(set)
    history = Organization.history.filter(id__in=ids).exclude(ico=None).exclude(ico="").values_list("id", "ico")
    for pk, ico in history.distinct():
        held[ico].add(pk)
    for survivor, ico in (
        OrganizationMerge.objects.filter(survivor_id__in=ids).exclude(ico="").values_list("survivor_id", "ico")
    ):
        held[ico].add(survivor)
    pairs = set()
    for ico, holders in held.items():
        owner = current.get(ico)
        for pk in holders:
            if owner is not None and pk != owner:
                pairs.add(tuple(sorted((pk, owner))))
    return pairs


def name_likeness(first: Name, second: Name) -> float:
    """How alike two names are: pg_trgm's similarity of their core names, at least CONTAINED when the words of one are
    all in the other and most of it."""
    likeness = _alike(first.grams, second.grams)
    shorter, longer = sorted((first.words, second.words), key=len)
    if shorter and shorter <= longer and len(shorter) >= CONTAINED_SHARE * len(longer):
        likeness = max(likeness, CONTAINED)
    return likeness


def _branches(a: dict, b: dict, names: dict[int, Name]) -> bool:
    """Each name has words the other lacks and the records lie in different obce (or ORP without an obec)."""
    words_a, words_b = names[a["id"]].words, names[b["id"]].words
    if not (words_a - words_b and words_b - words_a):
        return False
    if a["municipality_id"] and b["municipality_id"]:
        return a["municipality_id"] != b["municipality_id"]
    return a["district_id"] != b["district_id"]


def region_pairs(region_id: int) -> list[tuple]:
    """Every scored pair of one kraj, best first, as (score, likeness, matched, different IČO, first id, second id),
    whoever asks (the user's reach is applied after). Kept in the cache until an organisation of the kraj changes,
    comes or goes (its count and latest change are in the key)."""
    rows = Organization.objects.filter(region_id=region_id).order_by()
    stamp = rows.aggregate(count=Count("id"), changed=Max("updated_at"))
    changed = stamp["changed"].timestamp() if stamp["changed"] else 0
    key = f"duplicates:pairs:{CACHE_VERSION}:{region_id}:{stamp['count']}:{changed}"
    pairs = cache.get(key)
    if pairs is None:
        pairs = _score_pairs(list(rows.values(*FIELDS)))
        cache.set(key, pairs, CACHE_SECONDS)
    return pairs


def _score_pairs(rows: list[dict]) -> list[tuple]:
    if len(rows) < 2:
        return []
    by_id = {row["id"]: row for row in rows}
    names = {row["id"]: Name.of(row["name"]) for row in rows}
    named = similar_name_pairs(names)
    signals = {
        "ico": _ico_pairs(rows),
        "address": _grouped_pairs(rows, address_key),
        "web": _grouped_pairs(rows, lambda row: web_domain(row["web"]) if row["web"] else ""),
        "email": _grouped_pairs(rows, lambda row: (row["email"] or "").strip().lower()),
        "phone": _grouped_pairs(rows, lambda row: phone_key(row["phone"])),
    }
    scored = []
    for first, second in set(named).union(*signals.values()):
        a, b = by_id[first], by_id[second]
        name_similarity = name_likeness(names[first], names[second])
        matched = ["name"] if name_similarity >= NAME_THRESHOLD else []
        matched += [code for code, found in signals.items() if (first, second) in found]
        score = round(WEIGHTS["name"] * name_similarity) if "name" in matched else 0
        score += sum(WEIGHTS[code] for code in matched if code != "name")
        if "ico" not in matched and _branches(a, b, names):  # one IČO is one legal person, wherever it sits
            score += BRANCHES
        different_ico = bool(a["ico"] and b["ico"] and a["ico"] != b["ico"])
        if different_ico:
            score += DIFFERENT_ICO
            if name_similarity < DIFFERENT_ICO_NAMES:
                continue
        elif score < LISTED_FROM:
            continue
        scored.append((max(0, min(100, score)), round(name_similarity, 2), matched, different_ico, first, second))
    scored.sort(key=lambda item: (-item[0], -item[1], item[4], item[5]))
    return scored


def candidate_pairs(user, *, region=None, limit: int = 200) -> list[Candidate]:
    """The candidate pairs among the organisations the user may merge (in ``region`` when given; pairs lie within
    one kraj), best first, without the pairs said to be different (NotDuplicate)."""
    return candidate_page(user, region=region, limit=limit)[0]


def candidate_page(user, *, region=None, limit: int = 200) -> tuple[list[Candidate], int]:
    """The first ``limit`` candidate pairs (candidate_pairs) and how many there are in all."""
    scope = mergeable(user)
    if region is not None:
        scope = scope.filter(region=region)
    reach = set(scope.order_by().values_list("pk", flat=True))
    if len(reach) < 2:
        return [], 0
    regions = [region.pk] if region is not None else sorted(set(scope.order_by().values_list("region_id", flat=True)))
    dismissed = NotDuplicate.objects.filter(first__in=scope.order_by().values("pk")).pair_keys()
    scored = [
        item
        for region_id in regions
        for item in region_pairs(region_id)
        if item[4] in reach and item[5] in reach and (item[4], item[5]) not in dismissed
    ]
    total = len(scored)
    scored = scored[:limit]
    shown_ids = {pk for item in scored for pk in item[4:]}
    shown = Organization.objects.filter(pk__in=shown_ids).select_related("municipality", "district")
    organizations = {organization.pk: organization for organization in shown}
    candidates = [
        Candidate(
            first=organizations[first],
            second=organizations[second],
            score=score,
            similarity=name_similarity,
            matched=matched,
            different_ico=different_ico,
        )
        for score, name_similarity, matched, different_ico, first, second in scored
    ]
    return candidates, total
