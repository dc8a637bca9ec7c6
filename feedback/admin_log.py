"""The invitation log: what happened to each survey invitation in the user's facilities,
with counts and the response rate for the filtered set; and, in development with the
file email backend, the emails written to disk.

Every list and count goes through ``invitations_for_user``/``transitions_for_user``, so a
liaison sees only their facilities. A page takes the same number of queries whatever the
number of invitations: the counts are one aggregate query, and each row's timeline is built
from the invitation's own columns (and its transition's education packet, joined in the same
query). No email body, address or token is shown in the log.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re
from dataclasses import dataclass
from email.utils import getaddresses
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from surveys.models import Invitation, InvitationMessage, SurveyPage
from surveys.selectors import invitations_for_user
from transitions.models import DESTINATION_KINDS
from transitions.selectors import facilities_for_user, transition_filter, transitions_for_user

VIEW_PERMISSION = "transitions.view_caretransition"
PACKET_PERMISSION = "transitions.change_caretransition"
PER_PAGE = 50
DEFAULT_DAYS = 30
TIME_FORMAT = "Y-m-d H:i"

# --- the timeline of one invitation ----------------------------------------------------------

_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def error_shown(error: str) -> str:
    """A delivery error without the email addresses a mail server may quote in it."""
    return _ADDRESS.sub("[address]", error or "").strip()


@dataclass(frozen=True)
class Step:
    label: str
    at: dt.datetime | None = None
    detail: str = ""
    tone: str = ""  # "good", "bad", "pending" or ""


def invitation_timeline(invitation: Invitation) -> list[Step]:
    """Scheduled → sent → reminded ×N → opened → started → how it ended (or what is next),
    from the invitation's own columns only."""
    steps = [Step(_("Scheduled"), invitation.created_at)]
    if invitation.sent_at:
        steps.append(Step(_("Sent"), invitation.sent_at))
    if invitation.reminders_sent:
        steps.append(
            Step(_("Reminded ×%(count)s") % {"count": invitation.reminders_sent}, invitation.last_sent_at)
        )
    if invitation.opened_at:
        steps.append(Step(_("Opened"), invitation.opened_at))
    if invitation.started_at:
        steps.append(Step(_("Started"), invitation.started_at))
    status = invitation.status
    if status == Invitation.COMPLETED:
        steps.append(Step(_("Completed"), invitation.responded_at or invitation.closed_at, tone="good"))
    elif status == Invitation.EXPIRED:
        steps.append(Step(_("Expired"), invitation.closed_at or invitation.expires_at, tone="bad"))
    elif status == Invitation.FAILED:
        steps.append(
            Step(_("Failed"), invitation.closed_at, detail=error_shown(invitation.last_error), tone="bad")
        )
    elif status == Invitation.OPTED_OUT:
        steps.append(Step(_("Opted out"), invitation.closed_at, tone="bad"))
    elif status == Invitation.CANCELLED:
        steps.append(Step(_("Cancelled"), invitation.closed_at, tone="bad"))
    else:
        if invitation.last_error:
            steps.append(
                Step(_("Last attempt failed"), detail=error_shown(invitation.last_error), tone="bad")
            )
        if invitation.due_at:
            next_label = _("Reminder due") if invitation.sent_at else _("Due")
            steps.append(Step(next_label, invitation.due_at, tone="pending"))
    return steps


def message_kind_label(kind: str) -> str:
    if kind == InvitationMessage.INVITATION:
        return _("Invitation")
    prefix, _sep, number = kind.rpartition("_")
    if prefix == "reminder" and number.isdigit():
        return _("Reminder %(number)s") % {"number": number}
    return kind


# --- the education packet ---------------------------------------------------------------------


def packet_state(status: str | None, opened_at: dt.datetime | None) -> tuple[str, str]:
    """The invitation log's "Packet" column: (label, tone) from the packet's status."""
    from packets.models import Packet

    if status == Packet.SENT:
        return (_("Opened"), "good") if opened_at else (_("Sent"), "")
    if status == Packet.SCHEDULED:
        return _("Waiting to send"), "pending"
    if status == Packet.WITHDRAWN:
        return _("Withdrawn"), "bad"
    if status == Packet.FAILED:
        return _("Could not send"), "bad"
    return _("Not sent"), ""


def packet_timeline(packet, entries) -> list[Step]:
    """Pages chosen → email requested → sent → opened → printed → withdrawn (or what is
    next), from the packet's columns and its audit log ``entries``, in time order."""
    from packets.models import Packet
    from packets.services import PRINTED, SAVED, SENT, WITHDRAWN

    steps = []
    for entry in entries:
        who = _("by %(name)s") % {"name": entry.user_display_name} if entry.user_id else ""
        if entry.action == SAVED:
            count = len((entry.data or {}).get("pages", []))
            label = ngettext("%(count)s page chosen", "%(count)s pages chosen", count) % {"count": count}
            steps.append(Step(label, entry.timestamp, detail=who))
        elif entry.action == SENT:
            steps.append(Step(_("Email requested"), entry.timestamp, detail=who))
        elif entry.action == PRINTED:
            steps.append(Step(_("Printed"), entry.timestamp, detail=who))
        elif entry.action == WITHDRAWN:
            steps.append(Step(_("Link withdrawn"), entry.timestamp, detail=who, tone="bad"))
    if packet.sent_at:
        steps.append(Step(_("Sent"), packet.sent_at, tone="good"))
    if packet.opened_at:
        steps.append(Step(_("Opened"), packet.opened_at, tone="good"))
    steps.sort(key=lambda step: step.at)
    if packet.status == Packet.SCHEDULED and packet.due_at:
        steps.append(Step(_("Email due"), packet.due_at, tone="pending"))
    elif packet.status == Packet.FAILED:
        steps.append(Step(_("Could not send"), detail=error_shown(packet.last_error), tone="bad"))
    elif packet.status == Packet.CANCELLED:
        steps.append(Step(_("Not sent: do not contact"), tone="bad"))
    elif packet.status == Packet.SCHEDULED and packet.last_error:
        steps.append(Step(_("Last attempt failed"), detail=error_shown(packet.last_error), tone="bad"))
    return steps


def packet_for_timeline(transition) -> dict | None:
    """The transition's packet with its pages and audit trail, in three queries."""
    from wagtail.models import ModelLogEntry

    from packets.models import Packet

    packet = Packet.objects.filter(transition=transition).first()
    if packet is None:
        return None
    entries = ModelLogEntry.objects.for_instance(packet).select_related("user").order_by("timestamp", "pk")
    return {
        "packet": packet,
        "timeline": packet_timeline(packet, entries),
        "items": list(packet.items.select_related("page").order_by("position", "pk")),
    }


# --- filters and counts -----------------------------------------------------------------------


class InvitationFilterForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("Moved on or after"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Moved on or before"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    facility = forms.ModelChoiceField(
        label=gettext_lazy("Facility"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All my facilities"),
    )
    page = forms.ModelChoiceField(
        label=gettext_lazy("Survey"), queryset=None, required=False, empty_label=gettext_lazy("All surveys")
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *Invitation.STATUSES],
    )
    destination = forms.ChoiceField(
        label=gettext_lazy("Moving to"),
        required=False,
        choices=[("", gettext_lazy("Anywhere")), *DESTINATION_KINDS],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities_for_user(user=user).order_by("name")
        self.fields["page"].queryset = SurveyPage.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).order_by("title")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Choose a date on or after the first date."))
        return cleaned

    @classmethod
    def from_query(cls, query, *, user) -> InvitationFilterForm:
        """Bound to the query string, with the date range starting 30 days ago unless the
        query says otherwise (an empty value means no limit)."""
        data = query.copy()
        if "date_from" not in data:
            data["date_from"] = (timezone.localdate() - dt.timedelta(days=DEFAULT_DAYS)).isoformat()
        return cls(data, user=user)

    def filters(self) -> dict:
        """The valid filters (an invalid one is shown with its error and not applied)."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors and value not in (None, "")
        }


def invitations_filtered(*, user, filters: dict):
    invitations = invitations_for_user(user=user)
    if "date_from" in filters:
        invitations = invitations.filter(transition__transition_date__gte=filters["date_from"])
    if "date_to" in filters:
        invitations = invitations.filter(transition__transition_date__lte=filters["date_to"])
    invitations = invitations.filter(transition_filter(filters))
    if "page" in filters:
        invitations = invitations.filter(page=filters["page"])
    if "status" in filters:
        invitations = invitations.filter(status=filters["status"])
    return invitations


COUNTED = [
    ("scheduled", gettext_lazy("Scheduled")),
    ("sent", gettext_lazy("Sent")),
    ("reminded", gettext_lazy("Reminded")),
    ("opened", gettext_lazy("Opened")),
    ("started", gettext_lazy("Started")),
    ("completed", gettext_lazy("Completed")),
    ("expired", gettext_lazy("Expired")),
    ("failed", gettext_lazy("Failed")),
    ("opted_out", gettext_lazy("Opted out")),
    ("cancelled", gettext_lazy("Cancelled")),
]


def invitation_counts(invitations) -> dict:
    """Every count for the set in one aggregate query.

    ``scheduled`` is every invitation (each was scheduled), ``waiting`` those not sent yet;
    ``sent`` those whose first email went out (``sent_at`` set); the response rate is the
    completed ones among the sent ones.
    """
    was_sent = Q(sent_at__isnull=False)
    counts = invitations.order_by().aggregate(
        scheduled=Count("pk"),
        waiting=Count("pk", filter=Q(status=Invitation.SCHEDULED)),
        sent=Count("pk", filter=was_sent),
        reminded=Count("pk", filter=Q(reminders_sent__gt=0)),
        reminders=Coalesce(Sum("reminders_sent"), 0),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        started=Count("pk", filter=Q(started_at__isnull=False)),
        completed=Count("pk", filter=Q(status=Invitation.COMPLETED)),
        completed_sent=Count("pk", filter=Q(status=Invitation.COMPLETED) & was_sent),
        expired=Count("pk", filter=Q(status=Invitation.EXPIRED)),
        failed=Count("pk", filter=Q(status=Invitation.FAILED)),
        opted_out=Count("pk", filter=Q(status=Invitation.OPTED_OUT)),
        cancelled=Count("pk", filter=Q(status=Invitation.CANCELLED)),
    )
    sent = counts["sent"]
    counts["response_rate"] = round(100 * counts["completed_sent"] / sent, 1) if sent else None
    return counts


# --- views ------------------------------------------------------------------------------------


class _CanViewLog:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class InvitationLogView(_CanViewLog, TemplateView):
    template_name = "surveys/admin/invitation_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = InvitationFilterForm.from_query(self.request.GET, user=user)
        invitations = invitations_filtered(user=user, filters=form.filters())
        counts = invitation_counts(invitations)
        rows = (
            invitations.select_related("transition")
            .only(
                *(field.name for field in Invitation._meta.concrete_fields),
                "transition__external_reference",
                "transition__transition_date",
                "transition__destination_kind",
            )
            .annotate(
                page_title=F("page__title"),
                packet_status=F("transition__packet__status"),
                packet_opened_at=F("transition__packet__opened_at"),
            )
            .order_by("-transition__transition_date", "-pk")
        )
        paginator = Paginator(rows, PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        for invitation in page:
            invitation.packet_label, invitation.packet_tone = packet_state(
                invitation.packet_status, invitation.packet_opened_at
            )
        context.update(
            form=form,
            counts=counts,
            counted=[(name, label, counts[name]) for name, label in COUNTED],
            page_obj=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            rows=[(invitation, invitation_timeline(invitation)) for invitation in page],
            sent_mail_enabled=sent_mail_folder() is not None,
            can_prepare_packets=user.has_perm(PACKET_PERMISSION),
            time_format=TIME_FORMAT,
        )
        return context


class TransitionTimelineView(_CanViewLog, TemplateView):
    template_name = "surveys/admin/invitation_log_transition.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        transition = get_object_or_404(
            transitions_for_user(user=user)
            .select_related("discharging_facility", "receiving_facility")
            .defer("email", "phone", "proxy_name"),
            pk=self.kwargs["transition_id"],
        )
        invitations = (
            invitations_for_user(user=user)
            .filter(transition=transition)
            .annotate(page_title=F("page__title"))
            .prefetch_related(
                Prefetch("messages", queryset=InvitationMessage.objects.order_by("claimed_at", "pk"))
            )
            .order_by("created_at", "pk")
        )
        context.update(
            transition=transition,
            invitations=[
                {
                    "invitation": invitation,
                    "timeline": invitation_timeline(invitation),
                    "emails": [
                        {
                            "kind": message_kind_label(message.kind),
                            "state": message.get_state_display(),
                            "failed": message.state == InvitationMessage.FAILED,
                            "sent_at": message.sent_at,
                            "attempts": message.attempts,
                            "error": error_shown(message.error),
                        }
                        for message in invitation.messages.all()
                    ],
                }
                for invitation in invitations
            ],
            packet=packet_for_timeline(transition),
            can_prepare_packets=user.has_perm(PACKET_PERMISSION),
            time_format=TIME_FORMAT,
        )
        return context


# --- sent mail (development only) -------------------------------------------------------------

MAX_MAIL_FILES = 200
MAX_MAIL_BYTES = 5 * 1024 * 1024
_MAIL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:log|eml)$")
# Django's file backend appends every message of a connection to one .log file, each
# followed by a line of 79 dashes.
_LOG_SEPARATOR = re.compile(rb"^-{79}\r?\n?", re.MULTILINE)
_URL = re.compile(r"https?://[^\s<>\"']+")
# Links that act on an account (password reset, email confirmation, sign-in by code), with
# or without a language prefix: only the person they were sent to may see them.
_ACCOUNT_LINK = re.compile(
    r"https?://[^\s<>\"']*?/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:accounts|admin/password_reset)/"
)


def sent_mail_folder() -> Path | None:
    """The folder the file email backend writes to, when DEBUG is on and that backend is
    the one in use; None otherwise."""
    from django.core.mail.backends.filebased import EmailBackend as FileBackend

    if not settings.DEBUG:
        return None
    try:
        backend = import_string(settings.EMAIL_BACKEND)
    except ImportError:
        return None
    if not (isinstance(backend, type) and issubclass(backend, FileBackend)):
        return None
    folder = getattr(settings, "EMAIL_FILE_PATH", None)
    return Path(folder) if folder else None


def _mail_files(folder: Path) -> list[os.DirEntry]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    files = [
        entry for entry in entries if _MAIL_NAME.match(entry.name) and entry.is_file(follow_symlinks=False)
    ]
    files.sort(key=lambda entry: (entry.stat().st_mtime, entry.name), reverse=True)
    return files


def _read_messages(file_path: Path) -> list[email.message.EmailMessage]:
    with open(file_path, "rb") as stream:
        raw = stream.read(MAX_MAIL_BYTES)
    chunks = _LOG_SEPARATOR.split(raw) if file_path.suffix == ".log" else [raw]
    return [email.message_from_bytes(chunk, policy=email.policy.default) for chunk in chunks if chunk.strip()]


def _header(message, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except (ValueError, TypeError, LookupError):
        return ""


def _date(message) -> dt.datetime | None:
    try:
        value = message.get("Date")
        moment = getattr(value, "datetime", None)
    except (ValueError, TypeError):
        return None
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _plain_text(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        return part.get_content()
    except (LookupError, ValueError, TypeError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def mail_visible_to(message, *, user) -> bool:
    """The demo mail viewer is not a way into other people's mail: staff see the messages
    addressed to them (the follow-up notices and sign-in emails sent to them); superusers,
    who run the demo, see every message, so the invitations patients were sent can be
    followed from the admin."""
    return user.is_superuser or _addressed_to(message, user=user)


def _addressed_to(message, *, user) -> bool:
    if not user.email:
        return False
    recipients = getaddresses([_header(message, name) for name in ("To", "Cc", "Bcc")])
    return user.email.casefold() in {address.casefold() for _name, address in recipients if address}


def mail_body_shown(message, *, user) -> str:
    """The plain-text body, or a notice in its place when it holds an account link (a
    password reset or an email confirmation) and the viewer is not its recipient."""
    text = _plain_text(message)
    if _ACCOUNT_LINK.search(text) and not _addressed_to(message, user=user):
        return str(
            _("This message holds a sign-in or password link for its recipient only, so it is not shown.")
        )
    return text


def linkify(text: str, *, base_url: str) -> str:
    """``text`` escaped, with the URLs on the site (those starting with ``base_url``) as links."""
    base = base_url.rstrip("/")
    pieces, last = [], 0
    for found in _URL.finditer(text):
        url = found.group(0).rstrip(".,;:!?)]")
        start, end = found.start(), found.start() + len(url)
        pieces.append(escape(text[last:start]))
        on_site = url == base or (url.startswith(base) and url[len(base)] in "/?#")
        pieces.append(
            format_html('<a href="{}" rel="noreferrer">{}</a>', url, url) if on_site else escape(url)
        )
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # every piece is escaped above


class _SentMail(_CanViewLog):
    def dispatch(self, request, *args, **kwargs):
        self.folder = sent_mail_folder()
        if self.folder is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SentMailListView(_SentMail, TemplateView):
    template_name = "surveys/admin/sent_mail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        files = _mail_files(self.folder)
        rows = []
        for entry in files[:MAX_MAIL_FILES]:
            try:
                found = _read_messages(Path(entry.path))
            except OSError:
                continue
            url = reverse("invitation_log:sent_mail_detail", args=[entry.name])
            for number, message in reversed(list(enumerate(found, start=1))):
                if not mail_visible_to(message, user=self.request.user):
                    continue
                rows.append(
                    {
                        "url": f"{url}#message-{number}" if len(found) > 1 else url,
                        "name": entry.name,
                        "date": _date(message),
                        "to": _header(message, "To"),
                        "subject": _header(message, "Subject"),
                    }
                )
        context.update(
            rows=rows,
            folder=str(self.folder),
            more=max(0, len(files) - MAX_MAIL_FILES),
            limit=MAX_MAIL_FILES,
            time_format=TIME_FORMAT,
        )
        return context


class SentMailDetailView(_SentMail, TemplateView):
    template_name = "surveys/admin/sent_mail_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        name = self.kwargs["name"]
        if not _MAIL_NAME.match(name) or name not in {entry.name for entry in _mail_files(self.folder)}:
            raise Http404
        file_path = self.folder / name
        try:
            found = _read_messages(file_path)
        except OSError:
            raise Http404 from None
        user = self.request.user
        shown = [
            {
                "number": number,
                "date": _date(message),
                "from": _header(message, "From"),
                "to": _header(message, "To"),
                "subject": _header(message, "Subject"),
                "body": linkify(mail_body_shown(message, user=user), base_url=settings.WAGTAILADMIN_BASE_URL),
            }
            for number, message in enumerate(found, start=1)
            if mail_visible_to(message, user=user)
        ]
        if not shown:
            raise Http404
        context.update(
            name=name,
            mail_messages=shown,
            time_format=TIME_FORMAT,
        )
        return context


app_name = "invitation_log"
urlpatterns = [
    path("", InvitationLogView.as_view(), name="index"),
    path("transitions/<int:transition_id>/", TransitionTimelineView.as_view(), name="transition"),
    path("sent-mail/", SentMailListView.as_view(), name="sent_mail"),
    path("sent-mail/<str:name>/", SentMailDetailView.as_view(), name="sent_mail_detail"),
]
