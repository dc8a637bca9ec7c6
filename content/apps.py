from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Education content")

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished

        from content.context_processors import nav_urls_forget

        page_published.connect(nav_urls_forget, dispatch_uid="content.nav_urls.published")
        page_unpublished.connect(nav_urls_forget, dispatch_uid="content.nav_urls.unpublished")
