"""The analyzers: English and Indonesian stems and stop words, and the bilingual term space."""

from hub.search.analysis import ANALYZERS, analyzer_for, query_alternatives, words
from hub.search.lexicon import concept_terms, gloss, is_indonesian


def test_indonesian_affixes_and_particles_come_off():
    stem = ANALYZERS["id"].stem
    assert stem("pengaduan") == "adu"  # pe-…-an
    assert stem("menanganinya") == "tangan"  # me-…-i + -nya
    assert stem("dipantau") == "pantau"  # di-
    assert stem("kebersihan") == "bersih"  # ke-…-an
    assert stem("terintegrasi") == "integrasi"  # ter-
    assert stem("berkembang") == "kembang"  # ber-
    assert stem("memisahkan") == "pisah"  # me-…-kan
    assert stem("sampahnya") == "sampah"  # -nya
    assert stem("jalankah") == "jalan"  # particle -kah
    assert stem("bacalah") == "baca"  # particle -lah


def test_english_words_inside_indonesian_text_get_english_stems():
    assert ANALYZERS["id"].stem("services") == ANALYZERS["en"].stem("service") == "servic"


def test_stop_words_are_dropped_in_each_language():
    assert ANALYZERS["id"].terms("yang dan di banjir") == ["banjir"]
    assert ANALYZERS["en"].terms("the floods of the river") == ["flood", "river"]


def test_unknown_language_falls_back_to_words_and_thai_waits_for_a_segmenter():
    assert analyzer_for("th").terms("กรุงเทพ smart") == ["กรุงเทพ", "smart"]
    assert analyzer_for(None) is analyzer_for("xx")


def test_words_fold_accents_and_apostrophes_and_drop_overlong_tokens():
    assert words("Dottoro'ta Đà Nẵng " + "x" * 60) == ["dottorota", "da", "nang"]


def test_query_words_carry_every_analyzer_s_form():
    assert query_alternatives("pengaduan warga") == [{"adu", "pengaduan"}, {"warga"}]
    assert query_alternatives("the yang") == []


def test_language_detection_by_function_words():
    assert is_indonesian("Warga kami sering mengeluh di media sosial")
    assert not is_indonesian("Our citizens complain on social media")


def test_indonesian_words_meet_their_english_equivalents():
    indonesian = {term for term, _word in concept_terms("Banjir rob di pesisir setiap musim hujan.")}
    english = {term for term, _word in concept_terms("Tidal floods on the coast in every rain season.")}
    assert {"flood", "coast", "season", "rain"} <= indonesian & english
    assert "air" in {t for t, _ in concept_terms("Air quality sensors in the city.")}  # English "air" stays air


def test_gloss_turns_indonesian_sentences_word_by_word_into_english():
    assert gloss("Sampah plastik menumpuk di sungai.").split()[:2] == ["waste", "plastic"]
    assert gloss("Flood warning for the river.") == "Flood warning for the river."
