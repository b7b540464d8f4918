"""Stable UUIDs of the public records (HSDS ids): the same record has the same id in every answer and every export.

A record with a page of its own (organisation, service, its place of service, taxonomy, term) gets a UUIDv8 (RFC 9562:
a layout of our own) that carries its kind and primary key, so that /hsds/services/{id} finds it again without a
column of UUIDs: ``5171a4a0-KKKK-8000-8000-PPPPPPPPPPPP`` (K the kind, P the key). What only appears inside another
record (an address, a phone, a service area, a term's attribute) gets a name-based UUIDv5 of the same namespace.
"""

import uuid

# "Síťař" in hex-speak; the first group of every reversible id.
TAG = 0x5171A4A0
NAMESPACE = uuid.UUID(f"{TAG:08x}-0000-8000-8000-000000000000")
KINDS = {"organization": 1, "service": 2, "service_at_location": 3, "location": 4, "taxonomy": 5, "taxonomy_term": 6}
_KIND_NAMES = {number: name for name, number in KINDS.items()}
MAX_KEY = 2**48 - 1


def stable_id(kind: str, key: int) -> str:
    """The id of the record of this kind and primary key."""
    if not 0 < key <= MAX_KEY:
        raise ValueError(f"key out of range: {key}")
    return f"{TAG:08x}-{KINDS[kind]:04x}-8000-8000-{key:012x}"


def key_of(kind: str, value: str) -> int | None:
    """The primary key an id of this kind carries; None when the value is not such an id."""
    try:
        parsed = uuid.UUID(str(value))
    except ValueError:
        return None
    text = str(parsed)
    if text[:8] != f"{TAG:08x}" or text[14:23] != "8000-8000" or int(text[9:13], 16) != KINDS[kind]:
        return None
    return int(text[24:], 16) or None


def derived_id(*parts) -> str:
    """The id of a record that exists only within others (``derived_id("phone", "service", 12)``)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))
