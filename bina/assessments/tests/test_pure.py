"""The pure parts on worked examples computed by hand: gains (Hake 1998), item analysis, scoring,
parallel forms, GIFT and Moodle XML."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bina.assessments.forms_assembly import BankEntry, assemble_forms
from bina.assessments.gains import ScorePair, class_gains, gain_band, normalised_gain
from bina.assessments.interchange import BankItem, FormatError, gift_parse, moodle_xml_export, moodle_xml_parse
from bina.assessments.item_analysis import item_analysis
from bina.assessments.scoring import score_answer

D = Decimal


# --- gains ---------------------------------------------------------------------------------


def test_gain_worked_example() -> None:
    # pre 40, post 70 of 100: (70 - 40) / (100 - 40) = 30 / 60 = 0.5
    assert normalised_gain(40, 70, 100) == pytest.approx(0.5)
    assert normalised_gain(10, 37, 40) == pytest.approx(27 / 30)
    assert normalised_gain(50, 40, 100) == pytest.approx(-0.2)  # a loss stays negative


def test_gain_undefined_when_pre_is_max() -> None:
    assert normalised_gain(100, 100, 100) is None
    assert gain_band(None) is None


def test_bands() -> None:
    assert gain_band(0.7) == "high"
    assert gain_band(0.69999) == "medium"
    assert gain_band(0.3) == "medium"
    assert gain_band(0.29) == "low"
    assert gain_band(-0.5) == "low"


def test_class_gain_is_from_averages_not_mean_of_gains() -> None:
    # A: 20 -> 60 (g = 40/80 = 0.5); B: 80 -> 90 (g = 10/20 = 0.5); C: 100 -> 100 (undefined).
    # Averages over the three paired: pre 200/300, post 250/300 -> <g> = (250/3 - 200/3)/(100 - 200/3)
    # = (50/3) / (100/3) = 0.5... make it differ: D: 0 -> 90 (g = 0.9).
    pairs = [
        ScorePair("A", 20, 60, 100),
        ScorePair("B", 80, 90, 100),
        ScorePair("C", 100, 100, 100),
        ScorePair("D", 0, 90, 100),
        ScorePair("E", 50, None, 100),  # no post-test: not paired
    ]
    result = class_gains(pairs)
    assert result.paired == 4
    # mean pre = (20+80+100+0)/4 = 50 -> 0.5; mean post = (60+90+100+90)/4 = 85 -> 0.85
    assert result.mean_pre == pytest.approx(0.5)
    assert result.mean_post == pytest.approx(0.85)
    assert result.class_gain == pytest.approx((0.85 - 0.5) / (1 - 0.5))  # 0.7
    assert result.mean_individual_gain == pytest.approx((0.5 + 0.5 + 0.9) / 3)  # 0.6333
    assert result.class_gain != pytest.approx(result.mean_individual_gain)
    assert result.undefined_count == 1
    assert result.band_counts == {"high": 1, "medium": 2, "low": 0}
    assert result.participants[2].undefined and result.participants[2].g is None
    assert result.participants[4].g is None and not result.participants[4].undefined


def test_class_gain_mixes_maxima_as_fractions() -> None:
    result = class_gains([ScorePair("a", 10, 30, 40), ScorePair("b", 25, 75, 100)])
    assert result.mean_pre == pytest.approx(0.25)
    assert result.class_gain == pytest.approx((0.75 - 0.25) / 0.75)


@given(st.floats(0, 99), st.floats(0, 100))
def test_gain_at_most_one(pre: float, post: float) -> None:
    g = normalised_gain(pre, post, 100)
    assert g is not None and g <= 1 + 1e-9


# --- item analysis ---------------------------------------------------------------------------


def test_item_analysis_worked_example() -> None:
    # Five people, three 0/1 items.
    #        i1 i2 i3   total
    # p1      1  1  1   3
    # p2      1  1  0   2
    # p3      1  0  0   1
    # p4      0  0  1   1
    # p5      1  0  0   1
    scores = [
        {"i1": 1, "i2": 1, "i3": 1},
        {"i1": 1, "i2": 1, "i3": 0},
        {"i1": 1, "i2": 0, "i3": 0},
        {"i1": 0, "i2": 0, "i3": 1},
        {"i1": 1, "i2": 0, "i3": 0},
    ]
    chosen = [{"i1": ["a"]}, {"i1": ["a"]}, {"i1": ["a"]}, {"i1": ["b"]}, {"i1": ["a"]}]
    stats = {s.item: s for s in item_analysis(scores, {"i1": 1, "i2": 1, "i3": 1}, chosen)}
    assert stats["i1"].difficulty == pytest.approx(0.8)
    assert stats["i2"].difficulty == pytest.approx(0.4)
    # i2 against rest (i1 + i3): x = 1,1,0,0,0 ; y = 2,1,1,1,1. mean x 0.4, mean y 1.2
    # sxy = (0.6)(0.8)+(0.6)(-0.2)+3*(-0.4)(-0.2) = 0.48-0.12+0.24 = 0.6
    # sxx = 2*0.36 + 3*0.16 = 1.2 ; syy = 0.64 + 4*0.04 = 0.8 ; r = 0.6 / sqrt(0.96) = 0.6124
    assert stats["i2"].discrimination == pytest.approx(0.6 / 0.96**0.5)
    # i3 against rest (i1 + i2): x = 1,0,0,1,0 ; y = 2,2,1,0,1 ; mean x .4, mean y 1.2
    # sxy = .6*.8 + (-.4)(.8) + (-.4)(-.2) + .6*(-1.2) + (-.4)(-.2) = .48-.32+.08-.72+.08 = -0.4
    # syy = .64+.64+.04+1.44+.04 = 2.8 ; r = -0.4 / sqrt(1.2*2.8) = -0.2182
    assert stats["i3"].discrimination == pytest.approx(-0.4 / (1.2 * 2.8) ** 0.5)
    assert stats["i3"].needs_review
    assert stats["i1"].choice_counts == {"a": 4, "b": 1}


def test_item_analysis_no_variance_is_none() -> None:
    stats = item_analysis([{"i": 1}, {"i": 1}], {"i": 1})
    assert stats[0].discrimination is None and stats[0].difficulty == 1


# --- scoring -------------------------------------------------------------------------------


def test_scoring() -> None:
    fr = {1: D(1), 2: D(0), 3: D(0)}
    assert score_answer(kind="single", points=D(2), fractions=fr, chosen=[1]) == D(2)
    assert score_answer(kind="single", points=D(2), fractions=fr, chosen=[2]) == D(0)
    assert score_answer(kind="single", points=D(2), fractions=fr, chosen=[1, 2]) == D(0)
    multi = {1: D("0.5"), 2: D("0.5"), 3: D(-1)}
    assert score_answer(kind="multiple", points=D(1), fractions=multi, chosen=[1]) == D("0.50")
    assert score_answer(kind="multiple", points=D(1), fractions=multi, chosen=[1, 2]) == D("1.00")
    assert score_answer(kind="multiple", points=D(1), fractions=multi, chosen=[1, 2, 3]) == D(0)
    assert (
        score_answer(kind="short", points=D(1), fractions={}, chosen=[], text="  Lima  Hari ", accepted=["lima hari"])
        == 1
    )
    assert score_answer(kind="short", points=D(1), fractions={}, chosen=[], text="", accepted=[""]) == 0
    assert score_answer(kind="essay", points=D(5), fractions={}, chosen=[], text="...") is None


# --- parallel forms ------------------------------------------------------------------------


def _bank(per_cell: int) -> list[BankEntry]:
    bank, n = [], 0
    for comp in (1, 2):
        for diff in ("easy", "hard"):
            for _ in range(per_cell):
                n += 1
                bank.append(BankEntry(n, comp, diff))
    return bank


def test_forms_are_parallel_and_disjoint_when_the_bank_allows() -> None:
    bank = _bank(6)
    by_id = {e.id: (e.competency_id, e.difficulty) for e in bank}
    blueprint = {(1, "easy"): 3, (1, "hard"): 2, (2, "easy"): 1, (2, "hard"): 3}
    result = assemble_forms(bank, blueprint, seed=7)
    assert result.ok and not result.shared
    a, b = result.forms
    assert set(a).isdisjoint(b)
    for form in (a, b):
        counts: dict[tuple[int, str], int] = {}
        for i in form:
            counts[by_id[i]] = counts.get(by_id[i], 0) + 1
        assert counts == blueprint
        assert len(set(form)) == len(form)


def test_forms_share_as_little_as_possible_and_refuse_a_short_cell() -> None:
    bank = _bank(4)
    result = assemble_forms(bank, {(1, "easy"): 3}, seed=1)
    assert result.ok
    assert len(result.shared) == 2  # 4 items for 2 x 3 places
    assert all(len(set(f)) == 3 for f in result.forms)
    refused = assemble_forms(bank, {(1, "easy"): 5})
    assert not refused.ok and refused.short_cells == {(1, "easy"): 1}


# --- GIFT and Moodle XML ---------------------------------------------------------------------

GIFT_SAMPLE = r"""
// Bank: Pelayanan Prima
$CATEGORY: $course$/Pelayanan

::SP1:: Berapa hari batas waktu penyelesaian pengaduan\: menurut Perpres 76/2013? {
  ~10 hari #Terlalu singkat
  =60 hari
  ~90 hari
}

::SP2:: Pilih prinsip pelayanan publik {~%50%Transparansi ~%50%Akuntabilitas ~%-100%Diskriminasi}

::SP3:: Standar pelayanan wajib dipublikasikan. {T}

::SP4:: Maklumat pelayanan ditandatangani oleh staf loket.{FALSE}

::SP5:: Singkatan dari Survei Kepuasan Masyarakat? {=SKM =IKM}

::SP6:: Jelaskan cara Anda menenangkan warga yang marah di loket. {}
"""


def test_gift_parse_worked_sample() -> None:
    items = gift_parse(GIFT_SAMPLE)
    assert [i.kind for i in items] == ["single", "multiple", "truefalse", "truefalse", "short", "essay"]
    sp1 = items[0]
    assert sp1.name == "SP1"
    assert sp1.text == "Berapa hari batas waktu penyelesaian pengaduan: menurut Perpres 76/2013?"
    assert sp1.choices == [("10 hari", D(0)), ("60 hari", D(1)), ("90 hari", D(0))]
    assert items[1].choices == [("Transparansi", D("0.5")), ("Akuntabilitas", D("0.5")), ("Diskriminasi", D(-1))]
    assert items[2].choices == [("true", D(1)), ("false", D(0))]
    assert items[3].choices == [("true", D(0)), ("false", D(1))]
    assert items[4].accepted == ["SKM", "IKM"]
    assert items[5].text.startswith("Jelaskan") and not items[5].choices


def test_gift_refuses_a_question_without_answers() -> None:
    with pytest.raises(FormatError) as exc:
        gift_parse("::A:: fine {T}\n\n::B:: no braces here")
    assert exc.value.item == 2


def test_moodle_xml_round_trip() -> None:
    items = gift_parse(GIFT_SAMPLE)
    items[0].competency_code, items[0].difficulty = "PP-1", "hard"
    items[5].points = D("5")
    again = moodle_xml_parse(moodle_xml_export(items))
    assert [i.key() for i in again] == [i.key() for i in items]
    assert [i.name for i in again] == [i.name for i in items]


def test_moodle_xml_reads_a_moodle_export() -> None:
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/Top</text></category></question>
  <question type="multichoice">
    <name><text>Q</text></name>
    <questiontext format="html"><text><![CDATA[Ibu kota Banten?]]></text></questiontext>
    <defaultgrade>2.0000000</defaultgrade>
    <single>true</single>
    <answer fraction="100" format="html"><text>Serang</text></answer>
    <answer fraction="0" format="html"><text>Cilegon</text></answer>
  </question>
  <question type="truefalse">
    <questiontext><text>Bumi bulat.</text></questiontext>
    <answer fraction="0"><text>true</text></answer>
    <answer fraction="100"><text>false</text></answer>
  </question>
</quiz>"""
    items = moodle_xml_parse(xml)
    assert items[0] == BankItem(
        kind="single", text="Ibu kota Banten?", points=D(2), choices=[("Serang", D(1)), ("Cilegon", D(0))], name="Q"
    )
    assert items[1].choices == [("true", D(0)), ("false", D(1))]
    with pytest.raises(FormatError):
        moodle_xml_parse(b"<notquiz/>")
