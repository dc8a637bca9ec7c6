"""What the review area's lists add to Wagtail's generic listing view (BaseListingView)."""

from __future__ import annotations

from django.core.paginator import Paginator


class ValidFiltersMixin:
    """Apply the filters whose values are valid even when another one is not (Wagtail's own
    listing drops every filter then); the invalid one is shown with its error."""

    def filter_queryset(self, queryset):
        if not self.filters:
            return queryset
        self.filters.is_valid()
        return self.filters.filter_queryset(queryset)


class PreviousNextPagesMixin:
    """Django's paginator, and only "Previous" and "Next" under the list: these lists were
    paged so before they moved onto the listing view, which would add page numbers."""

    paginator_class = Paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.pop("elided_page_range", None)
        return context
