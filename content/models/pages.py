"""Education page types and the rules of the page tree."""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content import readability
from content.blocks import EducationStreamBlock, SourceBlock
from content.panels import ReadabilityPanel, ReviewStatusPanel
from content.routing import RouteCached, cached
from portal.selectors import staff_profile_for

AUDIENCE_CHOICES = [
    ("patients", _("Patients")),
    ("families", _("Families and caregivers")),
    ("professionals", _("Professionals")),
]
CARE_SETTING_KINDS = [
    ("snf", _("Skilled nursing facility")),
    ("irf", _("Inpatient rehabilitation facility")),
    ("home_health", _("Home health care")),
    ("hospice", _("Hospice")),
    ("ltach", _("Long-term acute care hospital")),
    ("home", _("Going home")),
]
REVIEW_INTERVAL_MAX_MONTHS = 36
REVIEW_INTERVAL_DEFAULT_MONTHS = 12


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def reviewer_signature(*, user) -> str:
    """The reviewer's name as readers see it, with the credentials from their staff
    profile ("Mia Lee, RN, MSN")."""
    name = user.get_full_name() or user.get_username()
    credentials = staff_profile_for(user=user).credentials
    return f"{name}, {credentials}" if credentials else name


def review_stamp(*, revision, reviewer: str, today: dt.date | None = None) -> None:
    """Write today's review (and the next due date) into ``revision`` before it is published."""
    today = today or timezone.localdate()
    months = revision.content.get("review_interval_months") or REVIEW_INTERVAL_DEFAULT_MONTHS
    revision.content.update(
        last_reviewed=today.isoformat(),
        next_review_due=months_after(today, months).isoformat(),
        reviewer=reviewer,
    )
    revision.save(update_fields=["content"])


class HomePage(RouteCached, Page):
    """The front door: search, conditions A to Z, care settings, featured pages."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two short sentences, written to the reader.")
    )
    featured_pages = ParentalManyToManyField(
        "wagtailcore.Page", blank=True, related_name="+", verbose_name=_("featured pages")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("featured_pages")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.ConditionIndexPage", "content.CareSettingIndexPage", "surveys.SurveyPage"]
    template = "content/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from content.selectors import home_page_context  # content.selectors imports these models

        # Kept until anything is next published (see content.routing).
        listing = cached("home", (self.pk,), lambda: home_page_context(page=self), request=request)
        return super().get_context(request, *args, **kwargs) | listing


class IndexPage(RouteCached, Page):
    """An A to Z listing of the education pages below it."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from content.selectors import index_page_context  # content.selectors imports these models

        # Kept until anything is next published (see content.routing).
        listing = cached("index", (self.pk,), lambda: index_page_context(page=self), request=request)
        return super().get_context(request, *args, **kwargs) | listing


class ConditionIndexPage(IndexPage):
    subpage_types = ["content.ArticlePage"]
    template = "content/index_page.html"

    class Meta:
        verbose_name = _("health topics A to Z")


class CareSettingIndexPage(IndexPage):
    subpage_types = ["content.CareSettingPage"]
    template = "content/index_page.html"

    class Meta:
        verbose_name = _("care settings A to Z")


class EducationPageForm(WagtailAdminPageForm):
    """Publishing hard-to-read text needs a written reason (drafts may be saved as they are).
    The conditions offered are those in the page's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "conditions" in self.fields:
            locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
            chosen = [getattr(item, "pk", item) for item in self.initial.get("conditions") or []]
            self.fields["conditions"].queryset = self.fields["conditions"].queryset.filter(
                Q(locale_id=locale_id) | Q(pk__in=chosen)
            )

    def _post_clean(self):
        # The page measures its readability in its own clean(), which runs here.
        super()._post_clean()
        publishing = "action-publish" in self.data
        if (
            publishing
            and self.instance.readability_needs_reason
            and not self.cleaned_data.get("readability_reason")
        ):
            self.add_error(
                "readability_reason",
                _(
                    "This page reads above grade %(limit)s or its sentences average more than "
                    "%(words)s words. Make it easier to read, or say here why it must stay as it is."
                )
                % {"limit": int(readability.GRADE_LIMIT), "words": int(readability.SENTENCE_WORDS_LIMIT)},
            )


def education_edit_handler(content_panels) -> TabbedInterface:
    """Tabs of every education page: content, what the page is about, readability, and Wagtail's own."""
    return TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(EducationPage.metadata_panels, heading=_("About this page")),
            ObjectList(EducationPage.readability_panels, heading=_("Readability")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )


class EducationPage(RouteCached, Page):
    """Fields, checks and figures shared by every clinical education page."""

    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences for listings and search results.")
    )
    # People look for "Heart failure", not "Living with heart failure": the A to Z lists go by
    # this name, in the page's own language.
    az_name = models.CharField(
        _("name on the A to Z list"),
        max_length=120,
        blank=True,
        help_text=_(
            "The name people look for, such as 'Heart failure' or 'Skilled nursing facility'. "
            "Leave it empty to use the condition's or care setting's own name."
        ),
    )
    audience = models.CharField(_("audience"), max_length=20, choices=AUDIENCE_CHOICES, default="patients")
    body = StreamField(EducationStreamBlock(), verbose_name=_("body"))
    conditions = ParentalManyToManyField(
        "content.Condition", blank=True, related_name="+", verbose_name=_("conditions")
    )
    related_pages = ParentalManyToManyField(
        "wagtailcore.Page", blank=True, related_name="+", verbose_name=_("related pages")
    )
    sources = StreamField([("source", SourceBlock())], blank=True, verbose_name=_("sources"))
    # Stamped when a clinical reviewer publishes (see review_stamp()), never typed: empty
    # until the page's first review.
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True, editable=False)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True, editable=False)
    reviewer = models.CharField(_("clinical reviewer"), max_length=160, blank=True, editable=False)
    review_interval_months = models.PositiveSmallIntegerField(
        _("months between reviews"),
        default=REVIEW_INTERVAL_DEFAULT_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(REVIEW_INTERVAL_MAX_MONTHS)],
        help_text=_("When the next clinical review is due after each approval: at most 36 months."),
    )
    readability_grade = models.FloatField(_("reading grade"), null=True, editable=False)
    readability_sentence_words = models.FloatField(_("words per sentence"), null=True, editable=False)
    readability_details = models.JSONField(default=dict, editable=False)
    readability_reason = models.TextField(
        _("reason to publish above the reading targets"),
        blank=True,
        help_text=_("Needed only when the page reads above grade 8 or has long sentences."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("summary"),
        index.FilterField("audience"),
        index.RelatedFields("conditions", [index.SearchField("name", boost=3)]),
    ]
    base_form_class = EducationPageForm
    # A translation or copy finds its own name in its own language (see clean()), rather
    # than keeping the English one, and is not reviewed until a reviewer approves it.
    exclude_fields_in_copy = ["az_name", "last_reviewed", "next_review_due", "reviewer"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("az_name"),
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("body"),
    ]
    metadata_panels = [
        FieldPanel("conditions"),
        FieldPanel("related_pages"),
        FieldPanel("sources"),
        MultiFieldPanel(
            [ReviewStatusPanel(), FieldPanel("review_interval_months")],
            heading=_("Clinical review"),
        ),
    ]
    readability_panels = [ReadabilityPanel(), FieldPanel("readability_reason")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from content.selectors import education_page_context  # content.selectors imports these models

        return super().get_context(request, *args, **kwargs) | education_page_context(
            page=self, request=request
        )

    @property
    def readability_needs_reason(self) -> bool:
        return (self.readability_grade or 0) > readability.GRADE_LIMIT or (
            self.readability_sentence_words or 0
        ) > readability.SENTENCE_WORDS_LIMIT

    @property
    def review_status(self) -> str:
        today = timezone.localdate()
        if not self.next_review_due:
            return "unknown"
        if self.next_review_due < today:
            return "overdue"
        if self.next_review_due <= today + dt.timedelta(days=30):
            return "due_soon"
        return "current"

    def clean(self):
        super().clean()
        if not self.az_name.strip():
            self.az_name = self.az_name_default()
        self.measure_readability()

    def publish(self, revision, user=None, **kwargs):
        """Workflow approval, the create view and wagtail-localize publish through here
        (Wagtail's edit view stamps in the before_publish_page hook instead). wagtail-localize
        publishes without a user, so then the revision's author, who pressed Publish, counts."""
        self.review_stamp_by(revision=revision, user=user or revision.user)
        return super().publish(revision, user=user, **kwargs)

    def review_stamp_by(self, *, revision, user) -> None:
        """A clinical reviewer's publish (their approval in the workflow, or publishing
        directly) is the review: stamped on the revision that goes live, so no newer draft
        is left behind."""
        if user is not None and self.permissions_for_user(user).can_publish():
            review_stamp(revision=revision, reviewer=reviewer_signature(user=user))

    def az_name_default(self) -> str:
        """The subject's own name, for an A to Z name left empty; empty while the page does not
        yet say what it is about (the list then shows the title, and a later save fills it)."""
        return ""

    @property
    def az_label(self) -> str:
        return self.az_name.strip() or self.title

    def measure_readability(self) -> readability.Readability:
        """Figures from the body text only (not navigation or markup), stored on the page."""
        from content.selectors import glossary_terms_undefined  # content.selectors imports these models

        text = readability.stream_text(self.body)
        language = self.locale.language_code if self.locale_id else "en"
        result = readability.readability_measure(text=f"{self.summary}\n{text}", language=language)
        self.readability_grade = result.grade
        self.readability_sentence_words = result.average_sentence_words
        self.readability_details = {
            "smog": result.smog,
            "formula": result.formula,
            "words": result.words,
            "sentences": result.sentences,
            "longest_sentences": result.longest_sentences,
            "undefined_terms": glossary_terms_undefined(page=self, text=text),
        }
        return result


class ArticlePage(EducationPage):
    """Living with a condition: what it is, what to do each day, when to get help."""

    parent_page_types = ["content.ConditionIndexPage"]
    subpage_types = []
    template = "content/education_page.html"
    edit_handler = education_edit_handler(EducationPage.content_panels)

    class Meta:
        verbose_name = _("health topic page")

    def az_name_default(self) -> str:
        """The first condition's name in the page's language ("Heart failure")."""
        condition = next(iter(self.conditions.all()), None)
        if condition is None:
            return super().az_name_default()
        if self.locale_id and condition.locale_id != self.locale_id:
            condition = condition.get_translation_or_none(self.locale) or condition
        return condition.name

    def clean(self):
        super().clean()
        if not any(block.block_type == "care_card" for block in self.body):
            raise ValidationError(
                {"body": _("Add a 'When to get help' block: every condition page needs one.")}
            )


class CareSettingPage(EducationPage):
    """What to expect in a place of care: who is there, a typical day, what to bring, costs."""

    care_setting_kind = models.CharField(_("kind of care setting"), max_length=20, choices=CARE_SETTING_KINDS)

    content_panels = [
        *EducationPage.content_panels[:2],
        FieldPanel("care_setting_kind"),
        *EducationPage.content_panels[2:],
    ]
    search_fields = [*EducationPage.search_fields, index.FilterField("care_setting_kind")]
    parent_page_types = ["content.CareSettingIndexPage"]
    subpage_types = []
    template = "content/education_page.html"
    edit_handler = education_edit_handler(content_panels)

    class Meta:
        verbose_name = _("care setting page")

    def az_name_default(self) -> str:
        """The kind of care setting's name in the page's language ("Skilled nursing facility")."""
        if not self.care_setting_kind:
            return super().az_name_default()
        language = self.locale.language_code if self.locale_id else None
        with translation.override(language):
            return str(dict(CARE_SETTING_KINDS)[self.care_setting_kind])
