from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewNotice(models.Model):
    """One email to a page's owner about its clinical review date; the row makes it once-only."""

    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(
        _("kind"), max_length=10, choices=[(DUE_SOON, _("Due within 30 days")), (OVERDUE, _("Overdue"))]
    )
    due_date = models.DateField(_("review due"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review notice")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "kind", "due_date"], name="one_review_notice_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_date} page={self.page_id}"
