"""Partner survey rounds (after PARTNER CPRM): who is asked, what, and what they answered; a contact's refusal."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel
from permissions.scoping import Scope, ScopedQuerySet

# The frequency question's code: the trust and value questions about an organisation count only where its answer is
# not 0 (the respondent does not work with it).
FREQUENCY = "frequency"


class Section(models.TextChoices):
    FREQUENCY = "frequency", _("How often")
    TRUST = "trust", _("Trust")
    VALUE = "value", _("Value")


# The answers each section's questions take: the PARTNER scales.
SCALES = {
    Section.FREQUENCY: [
        (0, _("never, or we do not know them")),
        (1, _("about once a year")),
        (2, _("about quarterly")),
        (3, _("monthly")),
        (4, _("weekly or more")),
    ],
    Section.TRUST: [(1, _("not at all")), (2, _("a small amount")), (3, _("a fair amount")), (4, _("a great deal"))],
}
SCALES[Section.VALUE] = SCALES[Section.TRUST]

# The default questions of a new round (code, section, Czech-first text as msgid); the owner edits them per round.
DEFAULT_QUESTIONS = [
    (FREQUENCY, Section.FREQUENCY, _("How often does your organisation work with this organisation?")),
    ("reliability", Section.TRUST, _("How reliable is this organisation (does what it says it will)?")),
    ("mission_fit", Section.TRUST, _("How much does this organisation share the network's mission?")),
    ("openness", Section.TRUST, _("How open is this organisation to discussion?")),
    ("resources", Section.VALUE, _("How much does this organisation contribute resources?")),
    ("expertise", Section.VALUE, _("How much does this organisation contribute expertise?")),
    ("referrals", Section.VALUE, _("How much does this organisation contribute referrals of families?")),
]


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class SurveyRoundQuerySet(ScopedQuerySet):
    def within(self, scope: Scope, user, action: str) -> "SurveyRoundQuerySet":
        """The rounds the rules reach ("surveyround": a kraj's round at the REGION level, an ORP's also at the
        DISTRICT level, as a round without an ORP matches no district); changing a round is its owner's alone, on top
        of the rule."""
        rows = super().within(scope, user, action)
        return rows.filter(owner=user) if action == "change" else rows


class SurveyRound(TimestampedModel):
    """A partner survey of the organisations of an ORP's or a kraj's network, with its questions and deadline."""

    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="survey_rounds"
    )
    district = models.ForeignKey(
        "territory.District",
        verbose_name=_("ORP"),
        on_delete=models.PROTECT,
        related_name="survey_rounds",
        null=True,
        blank=True,
        help_text=_("Empty: the round is for the whole kraj."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="survey_rounds"
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = SurveyRoundQuerySet.as_manager()
    # Where save_validated reports a round that lies outside the actor's reach.
    scope_field = "district"
    # Scoped by its territory alone (permissions.scoping.Scope.q): no case, no OSPOD of its own.
    case_path = None
    scoped_by_case = False
    own_ospod_lookups: tuple[str, ...] = ()

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "district"], name="surveyround_scope_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def territory(self):
        """The ORP of the round, or its kraj."""
        return self.district or self.region

    @property
    def previous(self) -> "SurveyRound | None":
        """The latest earlier round of the same territory that was opened (what the results are compared with)."""
        return (
            SurveyRound.objects.filter(
                region_id=self.region_id, district_id=self.district_id, opened_at__isnull=False, pk__lt=self.pk
            )
            .order_by("-opened_at", "-pk")
            .first()
        )


class SurveyQuestion(models.Model):
    """One question of a round: its section's scale, and the text the respondents read (editable per round)."""

    round = models.ForeignKey(SurveyRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=40)
    section = models.CharField(_("section"), max_length=10, choices=Section.choices)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "code"],
                name="surveyquestion_unique_code",
                violation_error_message=_("The round already has a question with this code."),
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def scale(self) -> list[tuple[int, str]]:
        return SCALES[self.section]


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    STARTED = "started", _("started")
    SUBMITTED = "submitted", _("submitted")
    REFUSED = "refused", _("refused")


class SurveyParticipant(models.Model):
    """An organisation asked in a round, through its respondent contact and personal link."""

    round = models.ForeignKey(
        SurveyRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="participants"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="survey_participations",
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("respondent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_participations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ParticipantStatus.choices, default=ParticipantStatus.INVITED
    )
    # Part of the signed link (surveys.tokens): a new nonce makes the old link invalid.
    nonce = models.CharField(_("link nonce"), max_length=32, editable=False)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True, editable=False)
    last_saved_at = models.DateTimeField(_("last saved at"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    bounced_at = models.DateTimeField(_("e-mail bounced at"), null=True, blank=True, editable=False)
    bounce_reason = models.TextField(_("why the e-mail bounced"), blank=True, editable=False)

    class Meta:
        verbose_name = _("survey participant")
        verbose_name_plural = _("survey participants")
        ordering = ["round", "organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"],
                name="surveyparticipant_unique_organization",
                violation_error_message=_("The organisation is already in the round."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.organization_id}"

    @property
    def answered(self) -> bool:
        return self.status in (ParticipantStatus.STARTED, ParticipantStatus.SUBMITTED)

    @classmethod
    def merge_organization(cls, *, survivor, merged) -> None:
        """Move the participations of ``merged`` to ``survivor``: where both were asked in one round, the one that
        answered stays (a submitted one before a started one; on a tie the survivor's) with its answers."""
        rank = {ParticipantStatus.SUBMITTED: 2, ParticipantStatus.STARTED: 1}
        for moved in cls.objects.filter(organization=merged).order_by("pk"):
            kept = cls.objects.filter(round_id=moved.round_id, organization=survivor).first()
            if kept is not None:
                if rank.get(moved.status, 0) <= rank.get(kept.status, 0):
                    moved.delete()
                    continue
                kept.delete()
            cls.objects.filter(pk=moved.pk).update(organization=survivor)
        # An organisation does not rate itself: answers of the survivor's participant about either are dropped.
        SurveyAnswer.objects.filter(participant__organization=survivor, about_id__in=(survivor.pk, merged.pk)).delete()


class SurveyAnswer(models.Model):
    """One respondent's answer to one question about one other organisation of the round."""

    participant = models.ForeignKey(
        SurveyParticipant, verbose_name=_("respondent"), on_delete=models.CASCADE, related_name="answers"
    )
    about = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("about the organisation"),
        on_delete=models.CASCADE,
        related_name="survey_answers_about",
    )
    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(_("answer"))

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "about", "question"],
                name="surveyanswer_unique",
                violation_error_message=_("The question is already answered about this organisation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} – {self.about_id} – {self.question_id}: {self.value}"

    @classmethod
    def merge_organization(cls, *, survivor, merged) -> None:
        """Move the answers about ``merged`` to ``survivor``; where a respondent answered a question about both, its
        answer about the survivor stays. Answers that would rate the respondent's own organisation are dropped."""
        about_survivor = cls.objects.filter(about=survivor)
        cls.objects.filter(about=merged).filter(
            Q(participant__organization_id__in=(survivor.pk, merged.pk))
            | Q(
                models.Exists(
                    about_survivor.filter(
                        participant_id=models.OuterRef("participant_id"), question_id=models.OuterRef("question_id")
                    )
                )
            )
        ).delete()
        cls.objects.filter(about=merged).update(about=survivor)
        about_survivor.filter(participant__organization=merged).delete()


class SurveyRefusal(models.Model):
    """A contact who said they do not want to take part: never asked again."""

    contact = models.OneToOneField(
        "contacts.Contact", verbose_name=_("contact"), on_delete=models.CASCADE, related_name="survey_refusal"
    )
    refused_at = models.DateTimeField(_("refused at"), auto_now_add=True)
    round = models.ForeignKey(
        SurveyRound, verbose_name=_("round"), on_delete=models.SET_NULL, null=True, blank=True, related_name="refusals"
    )

    class Meta:
        verbose_name = _("survey refusal")
        verbose_name_plural = _("survey refusals")

    def __str__(self) -> str:
        return str(self.contact_id)
