from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from organizations import card


class MeetingsConfig(AppConfig):
    """Meetings and visits, their follow-ups and the needs heard in them."""

    name = "meetings"
    verbose_name = _("Meetings, follow-ups and needs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # organizations sits below meetings and cannot import them: the card shows the organisation's meetings, needs
        # and follow-ups, and a verification cites one of its meetings. Imported once the models are loaded.
        from meetings.selectors import organization_card_meetings, shared_meetings

        card.add_section(organization_card_meetings)
        card.set_cited_meetings(shared_meetings)
