"""Writes for education content."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Locale, Page, Site

from content.models import (
    ArticlePage,
    CareSettingIndexPage,
    CareSettingPage,
    Condition,
    ConditionCode,
    ConditionIndexPage,
    HomePage,
    ReviewNotice,
)
from content.models.snippets import ICD10CM, SNOMEDCT
from portal import outbox


@transaction.atomic
def home_page_ensure(*, title: str, intro: str) -> HomePage:
    """Return the English home page, creating it (and the default site) if missing."""
    home = HomePage.objects.filter(locale__language_code="en").first()
    if home is None:
        # Wagtail's placeholder page (and the site pointing at it) make way for ours.
        Page.objects.filter(depth=2, content_type__model="page").delete()
        locale, _created = Locale.objects.get_or_create(language_code="en")
        home = HomePage(title=title, slug="home", locale=locale, intro=intro)
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != home.id:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home


def locale_ensure(*, language_code: str) -> Locale:
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    return locale


@transaction.atomic
def index_pages_ensure(*, home: HomePage) -> tuple[Page, Page]:
    """The health-topics and care-settings A–Z pages under ``home``, created if missing."""
    made = []
    for model, title, slug, intro in (
        (ConditionIndexPage, "Health topics A to Z", "health-topics", "Find a health condition by its name."),
        (CareSettingIndexPage, "Care settings", "care-settings", "Learn what happens in each place of care."),
    ):
        page = model.objects.child_of(home).first()
        if page is None:
            page = model(title=title, slug=slug, intro=intro, locale=home.locale)
            home.add_child(instance=page)
            page.save_revision().publish()
        made.append(page)
    return made[0], made[1]


@transaction.atomic
def condition_upsert(*, name: str, icd10: list[str], snomed: list[str], locale: Locale | None = None):
    """A Condition (English unless told) with exactly these codes."""
    locale = locale or locale_ensure(language_code="en")
    condition, _created = Condition.objects.get_or_create(name=name, locale=locale)
    condition.codes.all().delete()
    ConditionCode.objects.bulk_create(
        [
            ConditionCode(condition=condition, system=ICD10CM, code=code, sort_order=i)
            for i, code in enumerate(icd10)
        ]
        + [
            ConditionCode(condition=condition, system=SNOMEDCT, code=code, sort_order=100 + i)
            for i, code in enumerate(snomed)
        ]
    )
    return condition


@transaction.atomic
def education_page_publish(*, parent: Page, model, slug: str, fields: dict, body: list, conditions=()):
    """Create or update the page ``slug`` under ``parent`` and publish it (checks run)."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    creating = page is None
    if creating:
        page = model(slug=slug, locale=parent.locale)
    for name, value in fields.items():
        setattr(page, name, value)
    page.body = body
    if creating:
        parent.add_child(instance=page)
    if conditions:
        page.conditions.set(conditions)
    page.full_clean()
    page.save_revision().publish()
    return Page.objects.get(id=page.id).specific


@transaction.atomic
def page_translation_publish(*, page: Page, language_code: str, slug: str, fields: dict, body: list):
    """Create or update ``page``'s translation into ``language_code`` and publish it."""
    locale = locale_ensure(language_code=language_code)
    translation = page.get_translation_or_none(locale)
    if translation is None:
        parent = page.get_parent()
        if parent.depth > 1 and parent.get_translation_or_none(locale) is None:
            raise ValueError(f"Translate the parent page {parent.title!r} into {language_code} first.")
        translation = page.copy_for_translation(locale, copy_parents=False, alias=False)
    translation = translation.specific
    translation.slug = slug
    for name, value in fields.items():
        setattr(translation, name, value)
    if body is not None:
        translation.body = body
    translation.full_clean()
    translation.save_revision().publish()
    return Page.objects.get(id=translation.id).specific


def synced_translation(*, page: Page):
    """The wagtail-localize translation that keeps ``page`` in step with its source page,
    or None for a page written on its own."""
    from wagtail_localize.models import Translation

    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()


@transaction.atomic
def translation_review_submit(*, page: Page, user) -> None:
    """Put a synced translation's current text in a draft and submit it to clinical review.

    wagtail-localize's editor saves each translated segment on its own and offers only
    "Publish", which writers may not do: this is their way to ask a reviewer."""
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    translation = synced_translation(page=page)
    workflow = page.get_workflow()
    if translation is None or workflow is None or page.workflow_in_progress:
        raise PermissionDenied
    translation.save_target(user=user, publish=False)
    workflow.start(Page.objects.get(pk=page.pk).specific, user)


REVIEW_NOTICE_DAYS = 30
REVIEW_NOTICE = "review_notice"  # the kind of its messages in the outbox


def review_notices_record(*, today) -> int:
    """Add a notice row for every live page due for review within 30 days or overdue.

    The unique constraint (page, kind, due date) makes this safe to run twice at once.
    """
    horizon = today + dt.timedelta(days=REVIEW_NOTICE_DAYS)
    rows = []
    for model in (ArticlePage, CareSettingPage):
        for page_id, due in (
            model.objects.live().filter(next_review_due__lte=horizon).values_list("id", "next_review_due")
        ):
            kind = ReviewNotice.OVERDUE if due < today else ReviewNotice.DUE_SOON
            rows.append(ReviewNotice(page_id=page_id, kind=kind, due_date=due))
    ReviewNotice.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def review_notices_send(*, today=None) -> int:
    """Email each page owner once per notice; returns how many were sent now.

    Each notice is put in the outbox (portal.outbox) in the transaction that marks it
    ``sent_at``, so it is emailed exactly once even when the worker is killed; then the
    outbox sends them at once."""
    today = today or timezone.localdate()
    review_notices_record(today=today)
    queued = []
    while True:
        with transaction.atomic():
            notice = (
                ReviewNotice.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(sent_at__isnull=True)
                .select_related("page__owner")
                .order_by("id")
                .first()
            )
            if notice is None:
                break
            owner = notice.page.owner
            if owner is not None and owner.email:
                message = outbox.message_add(
                    kind=REVIEW_NOTICE,
                    to=[owner.email],
                    subject=_review_subject(notice),
                    body=_review_message(notice),
                )
                queued.append(message.pk)
            notice.sent_at = timezone.now()
            notice.save(update_fields=["sent_at"])
    return outbox.messages_sweep(ids=queued).sent


def _review_subject(notice) -> str:
    if notice.kind == notice.OVERDUE:
        return f"Clinical review overdue: {notice.page.title}"
    return f"Clinical review due by {_day(notice.due_date)}: {notice.page.title}"


def _day(day) -> str:
    return date_format(day)  # "December 6, 2026"


def _review_message(notice) -> str:
    edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_pages:edit", args=[notice.page_id]
    )
    status = "was due" if notice.kind == notice.OVERDUE else "is due"
    return (
        f'The clinical review of the page "{notice.page.title}" {status} on {_day(notice.due_date)}.\n\n'
        "Please check the page against current guidance, update it if needed, and submit it "
        "for clinical review: the reviewer's approval records the new review dates.\n\n"
        f"Edit the page: {edit_url}\n"
    )
