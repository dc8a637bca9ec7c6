"""Readability figures on text whose values can be worked out by hand."""

import pytest

from content.readability import readability_measure, split_sentences, text_from_html


def test_flesch_kincaid_grade_matches_the_formula_on_known_text():
    # 13 words, 2 sentences, 19 syllables:
    # 0.39 * 13/2 + 11.8 * 19/13 - 15.59 = 4.19
    result = readability_measure(
        text="Call your care team today if your ankles swell. Weigh yourself every morning."
    )
    assert result.grade == pytest.approx(4.2, abs=0.05)
    assert result.words == 13
    assert result.sentences == 2
    assert result.average_sentence_words == 6.5
    assert not result.above_warning
    assert not result.needs_reason


def test_long_clinical_sentences_need_a_reason_to_publish():
    text = (
        "Patients experiencing decompensated congestive heart failure frequently require "
        "comprehensive pharmacological optimisation, including diuretic administration, "
        "angiotensin receptor modulation and individualised fluid restriction protocols."
    )
    result = readability_measure(text=text)
    assert result.grade > 8
    assert result.average_sentence_words > 20
    assert result.needs_reason
    assert result.longest_sentences[0][0] == result.words


def test_longest_sentences_come_first_with_their_word_counts():
    result = readability_measure(text="Rest. Drink water often during the day. Eat well.", longest=2)
    assert result.longest_sentences == [(6, "Drink water often during the day."), (2, "Eat well.")]


def test_html_markup_and_entities_are_not_counted_and_list_items_are_sentences():
    markup = "<p>Take your pills &amp; rest.</p><ul><li>Weigh yourself</li><li>Call us</li></ul>"
    text = text_from_html(markup)
    assert "<" not in text
    assert split_sentences(text) == ["Take your pills & rest.", "Weigh yourself", "Call us"]
    assert readability_measure(text=text).sentences == 3


def test_empty_or_punctuation_only_text_gives_zero_not_an_error():
    for text in ("", "   ", "... !!! ???", "<p></p>"):
        result = readability_measure(text=text_from_html(text))
        assert result.words == 0
        assert result.grade == 0.0


def test_spanish_text_is_graded_with_the_crawford_formula():
    text = "Tome su pastilla para el agua cada mañana. Pésese todos los días antes del desayuno."
    result = readability_measure(text=text, language="es")
    assert result.formula == "Crawford"
    assert result.sentences == 2
    assert result.words == 15
    # Crawford: -0.205 * sentences per 100 words + 0.049 * syllables per 100 words - 3.407
    # to-me su pas-ti-lla pa-ra el a-gua ca-da ma-ña-na pé-se-se to-dos los dí-as an-tes del de-sa-yu-no
    syllables = 28
    expected = -0.205 * (2 * 100 / 15) + 0.049 * (syllables * 100 / 15) - 3.407
    assert result.grade == pytest.approx(expected, abs=0.15)


def test_a_repeated_sentence_is_listed_once_among_the_longest():
    text = "Call your care team if you feel worse today. Rest. Call your care team if you feel worse today."
    result = readability_measure(text=text)
    assert [sentence for _count, sentence in result.longest_sentences] == [
        "Call your care team if you feel worse today.",
        "Rest.",
    ]
