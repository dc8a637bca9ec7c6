"""Writes for education content."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from content.models import HomePage


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
