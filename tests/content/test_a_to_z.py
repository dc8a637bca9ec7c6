"""The A to Z order and letters in each language's alphabet."""

from content.az import az_alphabet, az_letter, az_sort_key


def test_spanish_folds_accents_for_the_letter_but_keeps_n_with_tilde():
    assert az_letter("Úlceras por presión", language="es") == "U"
    assert az_letter("Ñame", language="es") == "Ñ"
    assert az_letter("Ñame", language="en") == "N"
    assert az_letter("3 cosas que saber", language="es") == "#"


def test_spanish_alphabet_puts_n_with_tilde_after_n():
    letters = az_alphabet(language="es")
    assert letters[letters.index("N") + 1] == "Ñ"
    assert len(letters) == 27 and len(az_alphabet(language="en")) == 26


def test_spanish_sort_puts_n_with_tilde_after_every_n_word_and_ignores_accents():
    names = ["Oído", "Ñandú", "Nutrición", "Úlceras", "Neumonía", "Edema", "Éxito"]
    ordered = sorted(names, key=lambda name: az_sort_key(name, language="es"))
    assert ordered == ["Edema", "Éxito", "Neumonía", "Nutrición", "Ñandú", "Oído", "Úlceras"]


def test_english_sort_ignores_case_and_puts_shorter_words_first():
    names = ["heartburn", "Heart failure", "COPD", "hip"]
    assert sorted(names, key=lambda name: az_sort_key(name, language="en")) == [
        "COPD",
        "Heart failure",
        "heartburn",
        "hip",
    ]
