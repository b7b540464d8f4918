"""People in roles and their signed-in clients, shared by the test modules (tests/conftest.py imports them, so every
module has them as fixtures)."""

import pytest
from django.urls import reverse

from tests.helpers import api_client


@pytest.fixture
def sitar(make_role_user, pelhrimov):
    """A local networker (síťař) of ORP Pelhřimov: sees the whole of Vysočina, adds and changes records in Pelhřimov."""
    return make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)


@pytest.fixture
def sitar_liberec(make_role_user, liberec):
    """A local networker of ORP Liberec, in another kraj."""
    return make_role_user("sitar.liberec", "sitar", district=liberec)


@pytest.fixture
def poradce(make_role_user, vysocina):
    """A regional advisor of Vysočina: reads and works in the whole kraj."""
    return make_role_user("poradce.vysocina", "poradce", region=vysocina)


@pytest.fixture
def vedouci(make_role_user, vysocina):
    """The regional lead of Vysočina: reads the kraj, verifies organisations, assigns the field roles."""
    return make_role_user("vedouci.vysocina", "vedouci", region=vysocina)


@pytest.fixture
def signed_in(client, sitar):
    """The test client signed in as the networker of Pelhřimov."""
    client.force_login(sitar)
    return client


@pytest.fixture
def api(sitar):
    """An API client signed in as the networker of Pelhřimov."""
    return api_client(sitar)


@pytest.fixture
def home(client):
    """home(user): the user's home page, rendered."""

    def get(user):
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        return response

    return get
