"""The three staff roles as groups with explicit permissions.

Deny by default: a group holds only what its role needs. Content editing (Wagtail page,
image and document permissions) and response review (surveys.*) are granted separately.
Run by a data migration, and by tests that flush the database.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

LIAISON = "Liaison"
MANAGER = "Liaison manager"
EDITOR = "Content editor"

_CRUD = ("add", "change", "delete", "view")

# (app_label, codename) of model-level permissions for each role.
MODEL_PERMISSIONS = {
    LIAISON: [
        ("wagtailadmin", "access_admin"),
        ("surveys", "review_responses"),
        ("surveys", "export_responses"),
        ("transitions", "add_caretransition"),
        ("transitions", "change_caretransition"),
        ("transitions", "view_caretransition"),
    ],
    MANAGER: [
        ("wagtailadmin", "access_admin"),
        ("surveys", "review_responses"),
        ("surveys", "review_all_facilities"),
        ("surveys", "export_responses"),
        ("surveys", "manage_surveys"),
        # Model permissions that let Reports → Site history show the review audit trail.
        ("surveys", "view_response"),
        ("feedback", "view_followup"),
        ("feedback", "change_followuprules"),
        ("packets", "change_packetsettings"),
        *(
            ("surveys", f"{action}_survey")
            for action in ("add", "change", "delete", "view", "publish", "lock", "unlock")
        ),
        *(("transitions", f"{action}_caretransition") for action in ("add", "change", "delete", "view")),
        *(("transitions", f"{action}_facility") for action in ("add", "change", "delete", "view")),
        ("auth", "add_user"),
        ("auth", "change_user"),
        # Who the portal speaks for (Settings → Organization) and liaisons' direct lines.
        ("portal", "change_organizationsettings"),
        *(("portal", f"{action}_staffprofile") for action in _CRUD),
    ],
    EDITOR: [
        ("wagtailadmin", "access_admin"),
    ],
}

# The library's snippets (conditions with their codes, the glossary) and the promoted
# search results: kept by those who publish pages.
_MANAGE_LIBRARY = [
    *(("content", f"{action}_{model}") for model in ("condition", "glossaryterm") for action in _CRUD),
    *(("wagtailsearchpromotions", f"{action}_searchpromotion") for action in _CRUD),
]
MODEL_PERMISSIONS[MANAGER] += _MANAGE_LIBRARY
MODEL_PERMISSIONS[EDITOR] += _MANAGE_LIBRARY

# Editors and managers translate with wagtail-localize ("Translate this page", and "Sync
# translated pages" after the English page changes). Liaisons do not: the one permission
# also translates the conditions and the glossary, which they do not keep.
_TRANSLATE = [("wagtail_localize", "submit_translation")]
MODEL_PERMISSIONS[MANAGER] += _TRANSLATE
MODEL_PERMISSIONS[EDITOR] += _TRANSLATE

# Page permissions on the whole tree, and nothing else there. Liaison managers are the
# clinical reviewers: the "Clinical review" workflow already asks them to sign off
# (content/migrations/0003), so only they publish; liaisons and editors write and translate
# pages and submit them for review.
PAGE_PERMISSIONS = {
    LIAISON: ["add_page", "change_page"],
    MANAGER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    EDITOR: ["add_page", "change_page"],
}

# Image and document permissions on the root collection: liaisons add and use media,
# editors and managers also edit what others uploaded.
_USE_MEDIA = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
_MANAGE_MEDIA = [*_USE_MEDIA, ("wagtailimages", "change_image"), ("wagtaildocs", "change_document")]
COLLECTION_PERMISSIONS = {LIAISON: _USE_MEDIA, MANAGER: _MANAGE_MEDIA, EDITOR: _MANAGE_MEDIA}


def _translate_permission_ensure(*, apps) -> None:
    """wagtail-localize's "Can submit translations" is made by one of its migrations, on a
    content type of its own, not from a model: a database flushed after migrating (the
    transactional tests) has lost it and nothing else makes it again."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    Permission.objects.get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )


def roles_ensure(*, apps=global_apps) -> None:
    """Create the three role groups and grant their permissions (page permissions on the
    root exactly as listed); safe to run again."""
    for app_config in apps.get_app_configs():
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _translate_permission_ensure(apps=apps)
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    def existing(permissions):
        # An early migration runs this before later models (and their permissions) exist;
        # the migration that adds them runs it again.
        wanted = {(app, code) for app, code in permissions}
        return [
            found
            for found in Permission.objects.select_related("content_type").filter(
                codename__in=[code for _app, code in wanted]
            )
            if (found.content_type.app_label, found.codename) in wanted
        ]

    for role, model_permissions in MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*existing(model_permissions))
        if root_page is not None:
            # Exactly these: a permission the role no longer has (publishing) is taken back.
            GroupPagePermission.objects.filter(group=group, page=root_page).exclude(
                permission__codename__in=PAGE_PERMISSIONS[role]
            ).delete()
            for codename in PAGE_PERMISSIONS[role]:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission("wagtailcore", codename)
                )
        if root_collection is not None:
            for app, codename in COLLECTION_PERMISSIONS[role]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission(app, codename)
                )
