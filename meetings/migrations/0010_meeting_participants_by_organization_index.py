"""An index of the meetings' participants by organisation first, with the meeting: an organisation's meetings (its
card's meetings, needs and follow-ups, the meetings a verification or a cooperation link may cite) are read by the
organisation alone, and this index answers it without reading the table (Django's own index of the organisation column
alone would then look up each row for its meeting: a heap page per meeting at national scale)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_working_groups")]

    # The table is Django's own for the many-to-many field (no model to declare an index on); the SQL is the same on
    # PostgreSQL and SQLite.
    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS meeting_participant_by_org_idx "
            "ON meetings_meeting_organizations (organization_id, meeting_id)",
            "DROP INDEX IF EXISTS meeting_participant_by_org_idx",
            elidable=False,
        )
    ]
