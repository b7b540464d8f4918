"""What the OpenAPI schema says beyond drf-spectacular's defaults: the error answers every /api/v1/ operation can give.

drf-spectacular documents the successful answer only, so a client (or schemathesis) would find a 400 for a bad
filter, a 404 for a row out of scope or a 412 for a stale version undocumented. The hook below adds them once, from
components, to every operation that does not document that status itself.
"""

from typing import Any

API_PREFIX = "/api/v1/"

# DRF's {"detail": "..."} body of authentication, permission, not-found and throttling errors.
ERROR_DETAIL = {
    "type": "object",
    "description": "An error that concerns the request as a whole.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

# DRF's ValidationError body: messages by field ("non_field_errors" for the record as a whole; "detail" for a body
# that is not JSON). A nested serializer answers an object, a list of them a list with one object per item
# ({"followups": [{}, {"due_on": ["..."]}]}), so a value may be a string, a list or an object.
VALIDATION_ERROR = {
    "type": "object",
    "description": "Messages by field name; `non_field_errors` for the record as a whole.",
    "minProperties": 1,
    "additionalProperties": {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}, {"type": "array"}]}},
            {"type": "object"},
        ]
    },
}

# The answer to a PUT/PATCH based on an older version of the record: the stored version and record to merge with.
VERSION_CONFLICT = {
    "type": "object",
    "description": "The record was changed since the version the request is based on.",
    "properties": {
        "detail": {"type": "string"},
        "version": {"type": "string", "description": "The version stored now."},
        "current": {"type": "object", "description": "The record as stored now."},
    },
    "required": ["detail", "version", "current"],
}

COMPONENTS = {"ErrorDetail": ERROR_DETAIL, "ValidationError": VALIDATION_ERROR, "VersionConflict": VERSION_CONFLICT}

# Status code: (component, description) of the error answers every operation can give.
ERRORS = {
    "400": ("ValidationError", "Invalid input: a field, a filter or the body as a whole."),
    "401": ("ErrorDetail", "The credentials given are not valid."),
    "403": ("ErrorDetail", "Not signed in, or not allowed."),
    "404": ("ErrorDetail", "No such record within the user's scope, or no such page."),
    "429": ("ErrorDetail", "Too many requests."),
}
# Only writes to an existing record can be stale: they name the version they start from in If-Match (an ETag).
VERSIONED_WRITE_ERRORS = {"412": ("VersionConflict", "The record was changed since the version the request names.")}
VERSIONED_METHODS = {"put", "patch"}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The ETag the change is based on; a record changed since then is refused with 412.",
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def document_errors(result: dict, generator, request, public) -> dict:
    """drf-spectacular POSTPROCESSING hook: error components, error responses and open operations' security."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    result["components"]["schemas"] = dict(sorted((schemas | COMPONENTS).items()))
    for path, operations in result.get("paths", {}).items():
        if not path.startswith(API_PREFIX):
            continue
        for method, operation in operations.items():
            if method in HTTP_METHODS:
                _add_error_responses(operation, method)
                _allow_empty_query_values(operation)
                if method in VERSIONED_METHODS:
                    _add_if_match(operation)
    _mark_open_operations(result, generator)
    return result


def _add_error_responses(operation: dict, method: str) -> None:
    """Add each error the operation does not document itself (a view's own extend_schema wins)."""
    errors = ERRORS | (VERSIONED_WRITE_ERRORS if method in VERSIONED_METHODS else {})
    responses = operation.setdefault("responses", {})
    for status, (component, description) in errors.items():
        responses.setdefault(status, _response(component, description))


def _allow_empty_query_values(operation: dict) -> None:
    """An empty single-valued query parameter (``?district=&page=``) means "not given" to django-filter, the paginator
    and the ordering filter alike, so the schema says so. A list (``?kind=``) is not: "" is not one of its choices.
    """
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query" and parameter.get("schema", {}).get("type") != "array":
            parameter.setdefault("allowEmptyValue", True)


def _add_if_match(operation: dict) -> None:
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("in") == "header" and p.get("name", "").lower() == "if-match" for p in parameters):
        parameters.append(dict(IF_MATCH))


def _response(component: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def _mark_open_operations(result: dict, generator) -> None:
    """Document a view without permission classes (DRF's ObtainAuthToken) as callable without credentials.

    drf-spectacular makes the security requirement optional only for AllowAny; an empty ``permission_classes`` means
    the same, and without it the schema would claim that getting a token needs a token.
    """
    for path, _regex, method, callback in getattr(generator, "endpoints", None) or ():
        view_class = getattr(callback, "cls", None)
        if view_class is None or view_class.permission_classes:
            continue
        operation = result.get("paths", {}).get(path, {}).get(method.lower())
        if operation is not None and {} not in operation.setdefault("security", []):
            operation["security"].append({})
