"""Blocks for education pages. Each declares its icon, template, preview and description;
editorial rules live in ``clean()`` with the error on the offending field."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.whitelist import check_url

from content.rich_text import rich_text_clean

# Rich text stays simple: no tables, no colours, no headings above h2.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]

URGENCY_CHOICES = [
    ("emergency", _("Call 911 now")),
    ("urgent", _("Call your care team today")),
    ("routine", _("Mention it at your next visit")),
]
URGENCY_HEADINGS = {
    "emergency": _("Call 911 now if you have:"),
    "urgent": _("Call your care team today if you have:"),
    "routine": _("Tell your care team at your next visit if you have:"),
}


def _clean_with_rule(value, *, clean, rule) -> object:
    """Run the block's own checks and ``rule(value) -> {field: message}`` together, so the
    editor sees every problem at once, each next to its field."""
    errors = {}
    try:
        value = clean(value)
    except StructBlockValidationError as problem:
        errors.update(problem.block_errors)
    for name, message in rule(value).items():
        errors.setdefault(name, ErrorList([ValidationError(message)]))
    if errors:
        raise StructBlockValidationError(block_errors=errors)
    return value


class TextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    def get_prep_value(self, value):
        # Text saved in code skips the editor, which is what drops script links otherwise.
        return rich_text_clean(html=super().get_prep_value(value))

    class Meta:
        icon = "pilcrow"
        template = "content/blocks/text.html"
        label = _("Text")
        description = _("Paragraphs, short lists and subheadings.")
        preview_value = "<h2>Your medicines</h2><p>Take your water pill each morning.</p>"


class InShortBlock(blocks.StructBlock):
    items = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1, max_num=5, label=_("Key points"))

    class Meta:
        icon = "list-ul"
        template = "content/blocks/in_short.html"
        label = _("In short")
        description = _("Two to four key points at the top of the page.")
        preview_value = {"items": ["Weigh yourself every morning.", "Call us if you gain 3 pounds in a day."]}


class CareCardBlock(blocks.StructBlock):
    urgency = blocks.ChoiceBlock(choices=URGENCY_CHOICES, label=_("How urgent"))
    symptoms = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1, label=_("Signs"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["heading"] = URGENCY_HEADINGS.get(value.get("urgency"), "")
        return context

    class Meta:
        icon = "warning"
        template = "content/blocks/care_card.html"
        label = _("When to get help")
        description = _(
            "Signs that mean the reader should call 911, call the care team, or mention it later."
        )
        preview_value = {"urgency": "urgent", "symptoms": ["Your ankles or legs swell more."]}


class WarningBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(max_length=600)

    class Meta:
        icon = "warning"
        template = "content/blocks/warning.html"
        label = _("Warning")
        description = _("One important caution.")
        preview_value = {"heading": "Do not stop your medicines", "text": "Talk to your care team first."}


class DoDontBlock(blocks.StructBlock):
    dos = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1, label=_("Do"))
    donts = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1, label=_("Don't"))

    class Meta:
        icon = "tick"
        template = "content/blocks/do_dont.html"
        label = _("Do and don't")
        description = _("Two short lists: what to do and what not to do.")
        preview_value = {"dos": ["Walk a little each day."], "donts": ["Don't add salt to your food."]}


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    steps = blocks.ListBlock(blocks.CharBlock(max_length=250), min_num=2, label=_("Steps"))

    class Meta:
        icon = "list-ol"
        template = "content/blocks/steps.html"
        label = _("Steps")
        description = _("Numbered steps, each written to the reader.")
        preview_value = {
            "heading": "How to weigh yourself",
            "steps": ["Use the same scale.", "Write it down."],
        }


class ChecklistBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1)

    class Meta:
        icon = "tasks"
        template = "content/blocks/checklist.html"
        label = _("Checklist")
        description = _("Tick boxes that print well, e.g. what to bring.")
        preview_value = {"heading": "What to bring", "items": ["Your medicine list", "Glasses"]}


class QuestionsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    questions = blocks.ListBlock(blocks.CharBlock(max_length=250), min_num=1)

    class Meta:
        icon = "help"
        template = "content/blocks/questions.html"
        label = _("Questions to ask")
        description = _("Questions the reader can take to the care team.")
        preview_value = {"heading": "Questions to ask", "questions": ["Which medicines should I stop?"]}


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.TextBlock(max_length=1500)


class FAQBlock(blocks.StructBlock):
    items = blocks.ListBlock(FAQItemBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "content/blocks/faq.html"
        label = _("Questions and answers")
        description = _("Expandable questions; all open when printed.")
        preview_value = {"items": [{"question": "Who pays?", "answer": "Medicare often helps."}]}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        required=False,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    decorative = blocks.BooleanBlock(
        required=False, help_text=_("Tick only if the image adds no information.")
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    def clean(self, value):
        return _clean_with_rule(value, clean=super().clean, rule=self.alt_text_rule)

    @staticmethod
    def alt_text_rule(value) -> dict:
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            return {"alt_text": _("Describe the image, or mark it as decorative.")}
        return {}

    class Meta:
        icon = "image"
        template = "content/blocks/image.html"
        label = _("Image")
        description = _("A picture with a text alternative.")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock()
    title = blocks.CharBlock(max_length=150)
    transcript = blocks.TextBlock(help_text=_("Everything said and shown, for people who cannot watch."))

    def clean(self, value):
        return _clean_with_rule(value, clean=super().clean, rule=self.transcript_rule)

    @staticmethod
    def transcript_rule(value) -> dict:
        if len((value.get("transcript") or "").split()) < 5:
            return {"transcript": _("Add the full transcript of the video.")}
        return {}

    class Meta:
        icon = "media"
        template = "content/blocks/video.html"
        label = _("Video")
        description = _("An embedded video with its transcript.")


class GlossaryBlock(blocks.StructBlock):
    terms = blocks.ListBlock(SnippetChooserBlock("content.GlossaryTerm"), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "content/blocks/glossary.html"
        label = _("Words to know")
        description = _("Definitions of terms used on the page, from the glossary.")


class EducationStreamBlock(blocks.StreamBlock):
    in_short = InShortBlock()
    text = TextBlock()
    care_card = CareCardBlock()
    warning = WarningBlock()
    do_dont = DoDontBlock()
    steps = StepsBlock()
    checklist = ChecklistBlock()
    questions = QuestionsBlock()
    faq = FAQBlock()
    image = ImageBlock()
    video = VideoBlock()
    glossary = GlossaryBlock()


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=250)
    publisher = blocks.CharBlock(max_length=150, required=False)
    url = blocks.URLBlock(required=False)

    def get_prep_value(self, value):
        prepped = super().get_prep_value(value)
        # The form refuses a javascript: address; one saved in code never meets the form.
        if prepped.get("url") and check_url(prepped["url"]) is None:
            prepped["url"] = ""
        return prepped

    class Meta:
        icon = "link"
        template = "content/blocks/source.html"
        label = _("Source")
        description = _("Guidance the page is based on.")
        preview_value = {"title": "Heart failure guideline", "publisher": "A national body"}
