"""Editorial rules in blocks, and the page tree editors cannot get wrong."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from content.blocks import CareCardBlock, EducationStreamBlock, ImageBlock, VideoBlock
from content.models import ArticlePage, CareSettingIndexPage, CareSettingPage, ConditionIndexPage, HomePage


def test_an_informative_image_needs_alt_text():
    block = ImageBlock()
    value = block.to_python({"image": None, "alt_text": "", "decorative": False, "caption": ""})
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert "alt_text" in caught.value.block_errors
    assert "image" in caught.value.block_errors  # both problems shown at once


def test_a_decorative_image_needs_no_alt_text():
    value = ImageBlock().to_python({"image": None, "alt_text": "", "decorative": True, "caption": ""})
    assert ImageBlock.alt_text_rule(value) == {}


def test_a_video_needs_its_transcript():
    block = VideoBlock()
    value = block.to_python({"video": None, "title": "How to use an inhaler", "transcript": "Hi."})
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert "transcript" in caught.value.block_errors


def test_care_cards_offer_exactly_three_urgency_levels_with_their_own_headings():
    block = CareCardBlock()
    choices = [value for value, _label in block.child_blocks["urgency"].field.choices if value]
    assert choices == ["emergency", "urgent", "routine"]
    context = block.get_context(block.to_python({"urgency": "emergency", "symptoms": ["You faint."]}))
    assert str(context["heading"]) == "Call 911 now if you have:"


def test_every_block_declares_icon_template_and_description():
    for name, child in EducationStreamBlock().child_blocks.items():
        assert child.meta.icon, name
        assert child.meta.template, name
        assert child.meta.description, name


def test_the_page_tree_rules():
    assert ConditionIndexPage in HomePage.allowed_subpage_models()
    assert CareSettingIndexPage in HomePage.allowed_subpage_models()
    assert ArticlePage not in HomePage.allowed_subpage_models()
    assert ConditionIndexPage.allowed_subpage_models() == [ArticlePage]
    assert CareSettingIndexPage.allowed_subpage_models() == [CareSettingPage]
    assert ArticlePage.allowed_subpage_models() == []
    assert CareSettingPage.allowed_parent_page_models() == [CareSettingIndexPage]
