"""What the permission matrix test needs: the admin's URL patterns, read from the resolver;
the people and records it tries them with; and the address each pattern gets, filled with
a record of facility A (North) wherever a record belongs to a facility."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Collection, Locale, Page, Site, Workflow

ADMIN_PREFIXES = ("admin/", "django-admin/")
ROLES = ("anonymous", "editor", "liaison_a", "liaison_b", "manager", "superuser")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route itself for an unnamed pattern
    route: str
    params: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.name


def _params(route: str) -> tuple[str, ...]:
    return tuple(a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))


def admin_routes() -> list[Route]:
    """Every URL pattern under the Wagtail admin and the Django admin, in resolver order."""

    def walk(resolver, prefix="", namespaces=()):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
                yield from walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), namespaces, pattern.name

    routes, seen = [], {}
    # Signing out is asked last, so that it cannot end the session halfway through.
    found = sorted(walk(get_resolver()), key=lambda found: "logout" in found[0])
    for route, namespaces, name in found:
        if not route.startswith(ADMIN_PREFIXES):
            continue
        label = ":".join((*namespaces, name)) if name else route
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:  # a second pattern under one name (e.g. with an optional pk)
            label = f"{label}#{seen[label]}"
        routes.append(Route(name=label, route=route, params=_params(route)))
    return routes


def concrete_path(route: Route, values: dict) -> str:
    """The route with its parameters filled in, written the way a browser asks for it."""
    path = route.route
    for param in route.params:
        value = str(values[param])
        path = re.sub(rf"\(\?P<{param}>[^)]*\)", value, path)
        path = re.sub(rf"<(?:\w+:)?{param}>", value, path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + path


BULK_OBJECTS = {
    ("wagtailcore", "page"): "page",
    ("wagtailimages", "image"): "image",
    ("wagtaildocs", "document"): "document",
    ("auth", "user"): "user",
    ("content", "condition"): "condition",
    ("content", "glossaryterm"): "term",
    ("surveys", "survey"): "survey",
    ("portal", "staffprofile"): "staffprofile",
}

# Settings asked for besides the survey settings (the route's own case): the organization's
# identity, a per-site setting whose record is addressed by its site's id.
EXTRA_SETTINGS = {("portal", "organizationsettings"): "site"}


def admin_cases(route: Route, world: World) -> list[tuple[str, str]]:
    """(table key, address) for each request the route gets: one, except for Wagtail's
    bulk-action URL, which is asked once per registered action (its confirmation page for
    one record of the model), and the settings URLs, asked also for each EXTRA_SETTINGS
    model (keyed "<name> <app>.<model>")."""
    values = url_values(route, world)
    if route.name.startswith("wagtailsettings:"):
        cases = [(route.name, concrete_path(route, values))]
        for (app_label, model_name), record in EXTRA_SETTINGS.items():
            pk = world.objects[record].pk
            filled = {**values, "app_name": app_label, "model_name": model_name, "pk": pk}
            cases.append((f"{route.name} {app_label}.{model_name}", concrete_path(route, filled)))
        return cases
    if route.name != "wagtail_bulk_action":
        return [(route.name, concrete_path(route, values))]
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")  # scans the hooks
    cases = []
    for app_label, models in sorted(bulk_action_registry.actions.items()):
        for model_name, actions in sorted(models.items()):
            record = world.objects[BULK_OBJECTS[(app_label, model_name)]]
            for action in sorted(actions):
                filled = {**values, "app_label": app_label, "model_name": model_name, "action": action}
                key = f"wagtail_bulk_action {app_label}.{model_name} {action}"
                cases.append((key, f"{concrete_path(route, filled)}?id={record.pk}"))
    return cases


@dataclass
class World:
    """The records each address is filled with; North is facility A, South facility B."""

    cast: object
    superuser: object
    objects: dict


def world_build(*, cast, library, superuser) -> World:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from content.models import GlossaryTerm
    from feedback.followups import followups_open
    from portal.models import StaffProfile
    from surveys.models import HeldSubmission, SurveyPage, SurveySettings

    heart = library["heart"]
    survey_page = SurveyPage.objects.get(slug="move")
    transition = cast.north_response.transition
    followup = followups_open(response_id=cast.north_response.pk)
    collection = Collection.get_first_root_node().add_child(name="Clinical")
    document = get_document_model().objects.create(
        title="Leaflet", file=ContentFile(b"%PDF-1.4 leaflet", name="leaflet.pdf"), collection=collection
    )
    image = get_image_model().objects.create(title="Heart", file=get_test_image_file(), collection=collection)
    term = GlossaryTerm.objects.create(term="Edema", definition="Swelling.", locale=heart.locale)
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    redirect = Redirect.objects.create(old_path="/old-heart", redirect_link="/")
    query = Query.get("heart")
    SearchPromotion.objects.create(query=query, page=heart, sort_order=0)
    workflow = Workflow.objects.get(name="Clinical review")
    task = workflow.tasks.first()
    workflow_state = workflow.start(heart, cast.manager)
    task_state = workflow_state.current_task_state
    revision = heart.latest_revision
    from wagtail_localize.models import Translation

    translation = Translation.objects.first()
    staff_profile, _created = StaffProfile.objects.get_or_create(
        user=cast.north_liaison, defaults={"direct_phone": "+1 555 0100"}
    )
    held = HeldSubmission.objects.create(
        version=cast.north_response.version,
        page=survey_page,
        submission_key=uuid.uuid4(),
        language="en",
        answers={},
    )
    objects = {
        "transition": transition,
        "facility": cast.north,
        "response": cast.north_response,
        "followup": followup,
        "version": cast.north_response.version,
        "survey": survey_page.survey,
        "survey_page": survey_page,
        "page": heart,
        "home": Page.objects.get(pk=survey_page.get_parent().pk),
        "collection": collection,
        "document": document,
        "image": image,
        "condition": heart.conditions.first() if hasattr(heart, "conditions") else None,
        "term": term,
        "redirect": redirect,
        "query": query,
        "workflow": workflow,
        "task": task,
        "workflow_state": workflow_state,
        "task_state": task_state,
        "revision": revision,
        "translation": translation,
        "locale": Locale.objects.get(language_code="en"),
        "site": Site.objects.get(is_default_site=True),
        "user": cast.north_liaison,
        "group": Group.objects.get(name="Liaison"),
        "settings": SurveySettings.load(),
        "staffprofile": staff_profile,
        "held": held,
    }
    return World(cast=cast, superuser=superuser, objects=objects)


# Which record a "pk" (or "object_id") stands for, by the namespace of the URL name.
PK_BY_NAMESPACE = {
    "caretransition": "transition",
    "wagtailadmin_pages": "page",
    "facility": "facility",
    "review": None,  # by name, below
    "wagtailsnippets_content_condition": "condition",
    "wagtailsnippetchoosers_content_condition": "condition",
    "wagtailsnippets_content_glossaryterm": "term",
    "wagtailsnippetchoosers_content_glossaryterm": "term",
    "wagtailsnippets_surveys_survey": "survey",
    "wagtailsnippetchoosers_surveys_survey": "survey",
    "wagtaillocales": "locale",
    "wagtailsites": "site",
    "wagtailusers_users": "user",
    "wagtailusers_groups": "group",
    "wagtailadmin_collections": "collection",
    "wagtailadmin_workflows": "workflow",
    "packet_reports": "page",
    "wagtaildocs_chooser": "document",
    "wagtailimages_chooser": "image",
    "wagtailsettings": "settings",
    "wagtailsnippets_portal_staffprofile": "staffprofile",
    "wagtailsnippetchoosers_portal_staffprofile": "staffprofile",
    "held_submissions": "held",
}
PK_BY_NAME = {
    "review:response": "response",
    "review:followup": "followup",
    "review:followup_reassign": "followup",
    "wagtailadmin_workflows:edit_task": "task",
    "wagtailadmin_workflows:disable_task": "task",
    "wagtailadmin_workflows:enable_task": "task",
    "wagtailadmin_api:pages:detail": "page",
    "wagtailadmin_api:pages:action": "page",
    "wagtailadmin_api:documents:detail": "document",
    "wagtailadmin_api:images:detail": "image",
    "wagtail_localize:submit_snippet_translation": "condition",
    "wagtail_localize:snippets_api_detail": "condition",
}


def _django_admin_object_id(route: Route, world: World):
    """The Django admin's change, history and delete pages, for a real record of the model
    in the address (django-admin/<app>/<model>/...)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.sites.models import Site as DjangoSite

    user = world.objects["user"]
    parts = route.route.split("/")
    model = "/".join(parts[1:3]) if len(parts) > 3 else ""
    record = {
        "wagtaildocs/document": lambda: world.objects["document"],
        "wagtailimages/image": lambda: world.objects["image"],
        "auth/group": lambda: world.objects["group"],
        "auth/user": lambda: user,
        "sites/site": lambda: DjangoSite.objects.get_current(),
        "account/emailaddress": lambda: EmailAddress.objects.filter(user=user).first(),
        "mfa/authenticator": lambda: Authenticator.objects.filter(user=user).first(),
    }.get(model)
    return record().pk if record else 0


def url_values(route: Route, world: World) -> dict:
    """Each parameter of ``route`` filled with a real record (of facility A where it has one)."""
    o = world.objects
    namespace = route.name.split("#")[0].rsplit(":", 1)[0]
    base_name = route.name.split("#")[0]
    pk_of = PK_BY_NAME.get(base_name) or PK_BY_NAMESPACE.get(namespace)
    pk = getattr(o.get(pk_of), "pk", 0) if pk_of else 0
    snippet_model = {
        "wagtail_localize:submit_snippet_translation": ("content", "condition"),
        "wagtail_localize:snippets_api_listing": ("content", "condition"),
        "wagtail_localize:snippets_api_detail": ("content", "condition"),
        "wagtailadmin_tag_model_autocomplete": ("wagtaildocs", "document"),
        "wagtailadmin_workflows:add_task": ("wagtailcore", "groupapprovaltask"),
        "wagtailadmin_editing_sessions:ping": ("wagtailcore", "page"),
        "wagtailsettings:edit": ("surveys", "surveysettings"),
        "wagtailsettings:preview_on_edit": ("surveys", "surveysettings"),
        "wagtailadmin_pages:choose_parent": ("surveys", "surveypage"),
    }.get(base_name, ("wagtailcore", "page"))
    values = {
        "pk": pk,
        "object_id": pk if route.route.startswith("admin/") else _django_admin_object_id(route, world),
        "id": o["user"].pk,
        "user_id": o["user"].pk,  # the liaison of facility A: a colleague, not a superuser
        "page_id": o["survey_page"].pk if "survey" in route.name else o["page"].pk,
        "parent_page_id": o["home"].pk,
        "page_to_move_id": o["page"].pk,
        "destination_id": o["home"].pk,
        "page_pk": o["page"].pk,
        "revision_id": o["revision"].pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "task_state_id": o["task_state"].pk,
        "workflow_state_id": o["workflow_state"].pk,
        "task_id": o["task"].pk,
        "workflow_pk": o["workflow"].pk,
        "collection_id": o["collection"].pk,
        "image_id": o["image"].pk,
        "document_id": o["document"].pk,
        "doc_id": o["document"].pk,
        "uploaded_file_id": 999999,
        "redirect_id": o["redirect"].pk,
        "query_id": o["query"].pk,
        "transition_id": o["transition"].pk,
        "share_id": 999999,  # a share nobody made
        "version_id": o["version"].pk,
        "translation_id": getattr(o["translation"], "pk", 999999),
        "translation_source_id": getattr(getattr(o["translation"], "source", None), "pk", 999999),
        "string_segment_id": 999999,
        "overridable_segment_id": 999999,
        "session_id": 999999,
        "token": uuid.uuid4().hex,  # an import nobody stashed
        "name": "0123abcd.eml",
        "action_name": "approve",
        "action": "delete",
        "mode": "",
        "filter_spec": "original",
        "content_type_app_name": "surveys",
        "content_type_model_name": "surveypage",
        "app_label": snippet_model[0],
        "model_name": snippet_model[1],
        "app_name": snippet_model[0],
        "content_type_id": 0,
        "uidb64": "MQ",
        "url": "",
    }
    if base_name == "wagtail_bulk_action":
        values.update(app_label="wagtailcore", model_name="page", action="delete")
    if base_name == "admin:view_on_site":
        values.update(content_type_id=0, object_id=0)
    return values
