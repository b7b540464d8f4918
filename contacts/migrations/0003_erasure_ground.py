# The erasure log keeps a legal ground (a code) instead of a free-text reason: reasons typed so far may quote the
# person erased, so they are dropped with their column (earlier erasures keep a blank ground).
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("contacts", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="contacterasure",
            name="ground",
            field=models.CharField(
                blank=True,
                choices=[
                    ("request", "the person's request (GDPR Art. 17)"),
                    ("consent_withdrawn", "consent withdrawn"),
                    ("objection", "objection to the processing (GDPR Art. 21)"),
                    ("no_longer_needed", "end of the legal basis (no longer a contact of the organisation)"),
                    ("death", "death of the person"),
                    ("unlawful", "recorded unlawfully or by mistake"),
                ],
                max_length=30,
                verbose_name="legal ground",
            ),
        ),
        migrations.RemoveField(
            model_name="contacterasure",
            name="reason",
        ),
    ]
