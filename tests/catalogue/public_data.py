"""What the public catalogue's tests compare with, written out here independently of the code under test."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from contacts.models import Contact
from meetings.models import Need
from network.models import Case
from organizations.models import OrganizationStatus, Service, ServiceStatus


def public_service_ids() -> set[int]:
    """The catalogue's services by their definition: published, active, provided today, of an open organisation."""
    today = timezone.localdate()
    return set(
        Service.objects.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=today),
            Q(active_until__isnull=True) | Q(active_until__gte=today),
            published=True,
            status=ServiceStatus.ACTIVE,
            organization__status=OrganizationStatus.ACTIVE,
        ).values_list("pk", flat=True)
    )


def staff_secrets() -> set[str]:
    """What must never be published: the contact persons' names, e-mails and phones, case references, need titles
    and user names."""
    secrets = {
        *Contact.objects.values_list("name", flat=True),
        *Contact.objects.exclude(email="").values_list("email", flat=True),
        *Contact.objects.exclude(phone="").values_list("phone", flat=True),
        *Case.objects.values_list("reference", flat=True),
        *Need.objects.values_list("title", flat=True),
        *get_user_model().objects.values_list("username", flat=True),
    }
    return {secret for secret in secrets if secret}


def leaked(text: str) -> list[str]:
    """The secrets found in the text (there must be many to look for: the demo has them)."""
    secrets = staff_secrets()
    assert len(secrets) > 50
    return sorted(secret for secret in secrets if secret in text)
