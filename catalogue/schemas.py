"""The official HSDS 3.0 schemas (catalogue/data/hsds-3.0, used as published) as Draft 2020-12 validators.

The schemas name each other relatively ("taxonomy.json"); each is registered under the address the reference
OpenAPI gives it, so that its references resolve here, never over the network.
"""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

FOLDER = Path(__file__).resolve().parent / "data" / "hsds-3.0"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
# Not object schemas: the API's description and the table of the tables.
NOT_SCHEMAS = {"openapi.json", "meta_table_description.json"}


@cache
def registry() -> Registry:
    resources = []
    for path in sorted(FOLDER.glob("*.json")) + sorted((FOLDER / "compiled").glob("*.json")):
        if path.name in NOT_SCHEMAS:
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        name = path.relative_to(FOLDER).as_posix()
        resources.append((BASE + name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """The validator of one schema: "compiled/service.json", "taxonomy_term.json", …"""
    return Draft202012Validator(
        {"$ref": BASE + name}, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def problems(name: str, record) -> list[str]:
    """What in the record breaks the schema, each as "path: message"; empty when it validates."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator(name).iter_errors(record)
    ]
