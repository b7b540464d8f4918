"""What the apps above organizations add to the organisation card: its sections (contact persons, cooperation,
meetings and needs) and the meetings a verification may cite.

organizations sits below contacts, meetings and network and cannot import them; they register here in their
AppConfig.ready(). Nothing here imports a model, so the apps' configs may import it while Django is still loading.
"""

from collections.abc import Callable
from typing import Any

# A section: (user, organization) -> the names the card's template reads, computed as the user may see them.
Section = Callable[[Any, Any], dict]

_sections: list[Section] = []
_cited_meetings: list[Callable[[Any, Any], Any]] = []
_people_search: list[Callable[[Any, str], Any]] = []


def add_section(section: Section) -> None:
    """Show a section on every organisation card (apps register in the order Django loads them)."""
    if section not in _sections:
        _sections.append(section)


def sections_of(user, organization) -> dict:
    """The template context of every registered section of this organisation's card, for this user."""
    context: dict = {}
    for section in _sections:
        context.update(section(user, organization))
    return context


def set_cited_meetings(meetings: Callable[[Any, Any], Any]) -> None:
    """Say which meetings a verification may cite: (user, organization) -> a queryset of meetings, newest first."""
    _cited_meetings[:] = [meetings]


def cited_meetings(user, organization):
    """The meetings a verification of the organisation may cite (those it took part in that the user may see), newest
    first; None when no app says which."""
    return _cited_meetings[0](user, organization) if _cited_meetings else None


def set_people_search(search: Callable[[Any, str], Any]) -> None:
    """Say how the directory's search finds people: (user, query) -> the contact persons the user may see whose name
    matches, each with its organisation."""
    _people_search[:] = [search]


def people_found(user, query: str):
    """The people the directory's search finds for this user (none when no app says how)."""
    return _people_search[0](user, query) if _people_search else []
