"""The login and home pages every user starts from."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from permissions.services import role_assign
from territory.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture
def networker():
    user = User.objects.create_user("sitar.test", password="heslo-pro-test-2026")
    role_assign(actor=None, user=user, role="sitar", district=District.objects.get(code="6110"))
    return user


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_networker_logs_in_and_sees_the_district_of_their_role(client, networker):
    response = client.post(reverse("login"), {"username": "sitar.test", "password": "heslo-pro-test-2026"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pelhřimov" in page
    assert "Kraj Vysočina" in page


def test_a_wrong_password_keeps_the_user_on_the_login_page(client, networker):
    response = client.post(reverse("login"), {"username": "sitar.test", "password": "spatne"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_the_page_speaks_czech_by_default_and_english_on_request(client, networker):
    client.force_login(networker)
    assert 'lang="cs"' in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(reverse("home")).content.decode()


def test_the_page_stays_czech_for_a_browser_that_asks_for_english(client, networker):
    client.force_login(networker)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="cs"' in page
