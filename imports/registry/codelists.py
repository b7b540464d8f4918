"""The registry's codelists (kinds of service, target groups, forms) mapped onto Síťař's."""

import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext

from imports.registry.report import Rejected
from organizations.models import ServiceForm, ServiceKind, TargetGroup

DEFAULT_CODELISTS_DIR = Path(__file__).resolve().parent.parent / "data" / "rpss"
KINDS_FILE = "druhy-socialni-sluzby.json"
TARGET_GROUPS_FILE = "cilove-skupiny-osoby.json"
FORMS_FILE = "formy-soc-sluzby.json"


def normal(text: str) -> str:
    return " ".join(str(text or "").split()).casefold()


def _read_codelist(path: Path) -> dict[str, str]:
    """A registry codelist file: id → Czech name (small files, read whole)."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return {str(entry["id"]): (entry.get("nazev") or {}).get("cs", "") for entry in data.get("polozky", [])}


def code_of(ref: Any) -> str:
    """The id of a registry reference: {"id": "Obec/547492"} or "Obec/547492" → "Obec/547492"."""
    if isinstance(ref, dict):
        ref = ref.get("id") or ref.get("kod")
    return str(ref or "").strip()


def suffix(code: str) -> str:
    return code.rsplit("/", 1)[-1]


class Codelists:
    """The registry's codelists mapped onto Síťař's by the Czech name given for each id in the codelist files."""

    def __init__(self, directory: Path | str | None = None):
        directory = Path(directory or DEFAULT_CODELISTS_DIR)
        kinds_by_name = {normal(kind.name): kind for kind in ServiceKind.objects.all()}
        kinds_by_registry_code = {kind.registry_code: kind for kind in ServiceKind.objects.exclude(registry_code="")}
        self.kind_names = _read_codelist(directory / KINDS_FILE)
        self.kinds = {code: kinds_by_name.get(normal(name)) for code, name in self.kind_names.items()}
        # The API's own ids (DruhSocialniSluzby/3836 …) are known to Síťař as ServiceKind.registry_code.
        for code, kind in kinds_by_registry_code.items():
            self.kinds.setdefault(f"DruhSocialniSluzby/{code}", kind)
        groups = {normal(group.registry_name): group.pk for group in TargetGroup.objects.exclude(registry_name="")}
        self.target_groups = {
            code: groups[normal(name)]
            for code, name in _read_codelist(directory / TARGET_GROUPS_FILE).items()
            if normal(name) in groups
        }
        forms_by_name = {normal(form.name): form.pk for form in ServiceForm.objects.all()}
        forms_by_code = {form.registry_code: form.pk for form in ServiceForm.objects.exclude(registry_code="")}
        self.forms = {}
        for code, name in _read_codelist(directory / FORMS_FILE).items():
            form = forms_by_name.get(normal(name)) or forms_by_code.get(suffix(code))
            if form:
                self.forms[code] = form

    def kind(self, ref: Any) -> ServiceKind:
        code = code_of(ref)
        kind = self.kinds.get(code)
        if kind is None:
            if code in self.kind_names:
                reason = gettext("The kind of service %(code)s (%(name)s) has no counterpart in Síťař.") % {
                    "code": code,
                    "name": self.kind_names[code],
                }
            else:
                reason = gettext("The kind of service %(code)s is not in the codelist.") % {"code": code or "—"}
            raise Rejected("service", reason)
        return kind
