"""People found by name (issue 16, item 2): the directory's search also finds contact persons, without diacritics and
case, only those the user may see (an OSPOD worker: those shareable with OSPOD), never one erased on request."""

import pytest

from contacts.models import Contact
from contacts.services import contact_erase, contact_update

pytestmark = pytest.mark.django_db

LIST = "/organizations/"


@pytest.fixture
def people(make_organization, make_contact, ospod, liberec_town, actor):
    benesova = make_contact(ospod, name="Klára Benešová", position="vedoucí OSPOD", shareable_with_ospod=True)
    hidden = make_contact(ospod, name="Petra Benešová", shareable_with_ospod=False)
    erased = make_contact(ospod, name="Jana Benešová")
    contact_erase(actor=actor, contact=erased, ground="request")
    elsewhere = make_contact(make_organization(name="Maják Liberec", municipality=liberec_town), name="Eva Benešová")
    return {"benesova": benesova, "hidden": hidden, "erased": erased, "elsewhere": elsewhere}


def found(response) -> list[int]:
    return sorted(contact.pk for contact in response.context["people"])


def test_a_search_without_diacritics_and_case_finds_the_people_of_the_kraj(signed_in, people):
    response = signed_in.get(LIST, {"q": "BENESOVA"})
    assert found(response) == sorted([people["benesova"].pk, people["hidden"].pk])
    assert f'data-contact="{people["benesova"].pk}"' in response.content.decode()
    assert found(signed_in.get(LIST, {"q": "klara benesova"})) == [people["benesova"].pk]


def test_an_ospod_worker_finds_only_the_people_shareable_with_ospod(as_user, make_role_user, ospod_jihlava, people):
    worker = make_role_user("ospod.jihlava", "ospod", organization=ospod_jihlava)
    response = as_user(worker).get(LIST, {"q": "benesova"})
    assert found(response) == [people["benesova"].pk]
    assert "Petra" not in response.content.decode()


def test_without_a_search_no_people_are_listed(signed_in, people):
    assert signed_in.get(LIST, {"district": ""}).context["people"] == []


def test_the_search_name_follows_the_name(people, actor):
    contact = contact_update(actor=actor, contact=people["benesova"], data={"name": "Klára Nováková"})
    assert Contact.objects.get(pk=contact.pk).search_name == "klara novakova"


def test_the_search_for_people_reads_a_trigram_index_on_postgresql(people):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny: make the planner show the index
        plan = Contact.objects.filter(search_name__contains="benes").order_by().explain()
    assert "contacts_contact_search_trgm" in plan
