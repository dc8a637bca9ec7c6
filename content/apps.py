import logging

from django.apps import AppConfig
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished, post_page_move


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Education content")

    def ready(self) -> None:
        # Models (and modules that import them) only once the app registry is ready.
        from wagtail.contrib.search_promotions.models import SearchPromotion
        from wagtail.models import Page, PageViewRestriction, Site

        from content.context_processors import public_caches_clear
        from content.models import Condition, GlossaryTerm
        from portal.models import OrganizationSettings

        # Every deployment migrates: nothing an earlier release kept is read after it.
        post_migrate.connect(_caches_forget_after_migrate, sender=self, dispatch_uid="content.caches.migrate")
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(public_caches_clear, dispatch_uid=f"content.caches.{signal}")
        # Kept routes and page context (content.routing) must not outlive a deleted page or
        # a new view restriction.
        post_delete.connect(public_caches_clear, sender=Page, dispatch_uid="content.caches.page.delete")
        # The organization's name, phones and privacy notice are on every page.
        for model in (
            Site,
            Condition,
            GlossaryTerm,
            SearchPromotion,
            PageViewRestriction,
            OrganizationSettings,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    public_caches_clear,
                    sender=model,
                    dispatch_uid=f"content.caches.{model.__name__}.{signal}",
                )


def _caches_forget_after_migrate(**kwargs) -> None:
    """A database cache's table may not exist yet on a first migrate: then there is nothing
    to forget."""
    from content.context_processors import public_caches_clear  # imports models: not at app loading

    try:
        public_caches_clear()
    except DatabaseError:
        logging.getLogger(__name__).info("No cache table yet: nothing to forget after migrate")
