"""Merge the follow-ups a response opened (one per kind until now) into one case: the
earliest row is kept and every row becomes one of its reasons. Safety words move from the
routine list to the urgent one."""

from django.db import migrations

URGENT_WORDS = {"fall", "fell", "caída", "cayó"}
CLOSED = ("resolved", "no_action")
MANAGER = "Liaison manager"


def reason_severity(row) -> str:
    """The severity the shipped rules give an old row: a call-back or a safety word is urgent."""
    if row.kind == "call_back":
        return "urgent"
    if row.kind == "keyword" and URGENT_WORDS & {word.strip().lower() for word in row.detail.split(",")}:
        return "urgent"
    return "routine"


def merged_status(rows) -> tuple[str, object]:
    """Closed only when every row was; otherwise in progress once anyone acted on one."""
    if all(row.status in CLOSED for row in rows):
        status = "resolved" if any(row.status == "resolved" for row in rows) else "no_action"
        return status, max((row.closed_at for row in rows if row.closed_at), default=None)
    if any(row.status != "open" for row in rows):
        return "in_progress", None
    return "open", None


def fallback_owner(apps, response):
    """The response's liaison if active, else the manager or superuser with the fewest cases."""
    User = apps.get_model(*_user_model().split("."))
    if response.liaison_id and User.objects.filter(pk=response.liaison_id, is_active=True).exists():
        return response.liaison_id, "liaison"
    for people in (User.objects.filter(groups__name=MANAGER), User.objects.filter(is_superuser=True)):
        owner = people.filter(is_active=True).order_by("pk").values_list("pk", flat=True).first()
        if owner:
            return owner, "manager"
    return None, ""


def _user_model() -> str:
    from django.conf import settings

    return settings.AUTH_USER_MODEL


def case_merge(apps, rows) -> bool:
    """Turn one response's rows into one case; False when nobody can own it (then the rows
    are dropped and the response is left for the rules to run again)."""
    FollowUp = apps.get_model("feedback", "FollowUp")
    Reason = apps.get_model("feedback", "FollowUpReason")
    Response = apps.get_model("surveys", "Response")
    case = rows[0]
    owner = next((row.assigned_to_id for row in rows if row.assigned_to_id), None)
    routed = "liaison"
    if owner is None:
        owner, routed = fallback_owner(apps, Response.objects.get(pk=case.response_id))
    if owner is None:
        FollowUp.objects.filter(pk__in=[row.pk for row in rows]).delete()
        Response.objects.filter(pk=case.response_id).update(followups_checked_at=None)
        return False
    severities = [reason_severity(row) for row in rows]
    Reason.objects.bulk_create(
        [
            Reason(followup_id=case.pk, kind=row.kind, detail=row.detail, severity=severity)
            for row, severity in zip(rows, severities, strict=True)
        ]
    )
    case.status, case.closed_at = merged_status(rows)
    case.severity = "urgent" if "urgent" in severities else "routine"
    case.assigned_to_id, case.routed_to = owner, routed
    case.due_at = min(row.due_at for row in rows)
    case.escalate_at = case.due_at
    case.notified_at = min((row.notified_at for row in rows if row.notified_at), default=None)
    case.escalated_at = min((row.escalated_at for row in rows if row.escalated_at), default=None)
    case.resolution_note = "\n\n".join(
        dict.fromkeys(row.resolution_note for row in rows if row.resolution_note)
    )
    case.save()
    FollowUp.objects.filter(pk__in=[row.pk for row in rows[1:]]).delete()
    return True


def followups_merge(apps, schema_editor):
    FollowUp = apps.get_model("feedback", "FollowUp")
    response_ids = FollowUp.objects.order_by().values_list("response_id", flat=True).distinct()
    for response_id in list(response_ids):
        case_merge(apps, list(FollowUp.objects.filter(response_id=response_id).order_by("opened_at", "pk")))
    Rules = apps.get_model("feedback", "FollowUpRules")
    for rules in Rules.objects.all():
        words = [
            word for word in rules.routine_words.splitlines() if word.strip().lower() not in URGENT_WORDS
        ]
        rules.routine_words = "\n".join(words)
        rules.save(update_fields=["routine_words"])


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_followup_cases"), ("surveys", "0014_feedback_moved")]

    operations = [migrations.RunPython(followups_merge, migrations.RunPython.noop)]
