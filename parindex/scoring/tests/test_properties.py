"""Properties of the engine that must hold for every valid criteria set and every valid entry."""

import dataclasses
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from parindex.scoring.answers import Entry
from parindex.scoring.criteria import EXTRA_KINDS, Node
from parindex.scoring.criteria_format import criteria_to_dict, parse_criteria
from parindex.scoring.engine import evaluate, final_entries
from parindex.scoring.ranking import classify, rank, round2
from parindex.scoring.validation import validate_tree

from .strategies import classifications, criteria_sets, entries_for, sets_with_entries

# Drawing a whole tree with its entries takes ~10 ms: fewer examples keep the file near 5 s.
trees = settings(max_examples=50)


def is_extra(node: Node) -> bool:
    return node.is_leaf and node.rule.kind in EXTRA_KINDS


@trees
@given(criteria_sets())
def test_generated_sets_are_valid_and_round_trip(cs):
    assert validate_tree(cs) == []
    assert parse_criteria(criteria_to_dict(cs)) == cs


@trees
@given(sets_with_entries())
def test_leaf_points_lie_between_zero_and_the_leaf_max(case):
    cs, entries = case
    result = evaluate(cs, entries)
    for leaf in cs.leaves():
        node = result.nodes[leaf.code]
        if is_extra(leaf):
            assert (node.max, node.index) == (0, None)
            assert 0 <= node.points <= leaf.rule.cap
        else:
            assert 0 <= node.points <= node.max
            assert node.max in (0, leaf.max_points)


@trees
@given(sets_with_entries())
def test_node_points_and_max_are_the_sums_of_their_children(case):
    cs, entries = case
    result = evaluate(cs, entries)
    for node in cs.walk():
        if node.is_leaf:
            continue
        counted = [result.nodes[child.code] for child in node.children if not is_extra(child)]
        assert result.nodes[node.code].points == sum((c.points for c in counted), Decimal(0))
        assert result.nodes[node.code].max == sum((c.max for c in counted), Decimal(0))
    assert result.points == sum((result.nodes[n.code].points for n in cs.nodes), Decimal(0))
    assert result.max == sum((result.nodes[n.code].max for n in cs.nodes), Decimal(0))
    extras = [(leaf.rule.kind, result.nodes[leaf.code].points) for leaf in cs.leaves()]
    assert result.bonus == sum((p for kind, p in extras if kind == "bonus"), Decimal(0))
    assert result.penalty == sum((p for kind, p in extras if kind == "penalty"), Decimal(0))
    assert result.total == max(Decimal(0), result.points + result.bonus - result.penalty)


@trees
@given(sets_with_entries())
def test_index_lies_between_0_and_100_before_bonus_and_penalty(case):
    cs, entries = case
    result = evaluate(cs, entries)
    for node in result.nodes.values():
        assert node.index is None or 0 <= node.index <= 100
    if result.max:
        assert 0 <= result.points * 100 / result.max <= 100
    if result.bonus == 0 and result.index is not None:
        assert 0 <= result.index <= 100


@st.composite
def exclude_cases(draw):
    cs, entries = draw(sets_with_entries())
    scored = [leaf for leaf in cs.leaves() if not is_extra(leaf)]
    leaf = draw(st.sampled_from(scored))
    return dataclasses.replace(cs, not_applicable="exclude"), entries, leaf


@trees
@given(exclude_cases())
def test_marking_an_item_not_applicable_under_exclude(case):
    cs, entries, leaf = case
    before = evaluate(cs, entries)
    assume(not before.nodes[leaf.code].not_applicable)
    after = evaluate(cs, entries | {leaf.code: Entry(not_applicable=True)})
    others = [other.code for other in cs.leaves() if other.code != leaf.code]
    assert [after.nodes[code] for code in others] == [before.nodes[code] for code in others]
    assert after.max == before.max - leaf.max_points
    # Sums keep 28 significant digits, so with a third of a point in play they agree to 1e-24.
    lost = before.points - after.points - before.nodes[leaf.code].points
    assert abs(lost) < Decimal("1e-24")
    assert (after.nodes[leaf.code].points, after.nodes[leaf.code].max) == (0, 0)


@trees
@given(exclude_cases())
def test_not_applicable_under_full_points_awards_the_max(case):
    cs, entries, leaf = case
    cs = dataclasses.replace(cs, not_applicable="full_points")
    before = evaluate(cs, entries)
    after = evaluate(cs, entries | {leaf.code: Entry(not_applicable=True)})
    assert after.max == before.max
    assert after.nodes[leaf.code].points == after.nodes[leaf.code].max == leaf.max_points


indices = st.none() | st.decimals(min_value=0, max_value=110, places=3)


@given(st.dictionaries(st.integers(0, 60), indices, max_size=25))
def test_ranking_is_a_competition_ranking_of_the_rounded_index(units):
    ranks = rank(units)
    assert list(ranks) == list(units)
    ranked = sorted((key for key in units if units[key] is not None), key=ranks.get)
    rounded = [round2(units[key]) for key in ranked]
    assert rounded == sorted(rounded, reverse=True)
    for key in units:
        if units[key] is None:
            assert ranks[key] is None
            continue
        higher = sum(1 for value in rounded if value > round2(units[key]))
        assert ranks[key] == 1 + higher


@given(st.dictionaries(st.integers(0, 60), indices, max_size=25), st.randoms())
def test_ranking_does_not_depend_on_the_order_of_units(units, random):
    keys = list(units)
    random.shuffle(keys)
    assert rank({key: units[key] for key in keys}) == rank(units)


@trees
@given(sets_with_entries(), st.randoms())
def test_results_do_not_depend_on_the_order_of_inputs(case, random):
    cs, entries = case
    codes = list(entries)
    random.shuffle(codes)
    expected = evaluate(cs, entries)
    assert evaluate(cs, {code: entries[code] for code in codes}) == expected


@st.composite
def appraisal_cases(draw):
    cs = draw(criteria_sets())
    return cs, draw(entries_for(cs)), draw(entries_for(cs))


@trees
@given(appraisal_cases())
def test_final_result_takes_survey_leaves_from_the_survey(case):
    cs, appraised, survey = case
    final = final_entries(cs, appraised, survey)
    for leaf in cs.leaves():
        source = survey if leaf.method == "survey" else appraised
        assert final.get(leaf.code) == source.get(leaf.code)


@given(st.decimals(min_value=0, max_value=1000, places=6))
def test_round2_is_half_up_to_two_places(value):
    rounded = round2(value)
    assert rounded.as_tuple().exponent == -2
    assert value - Decimal("0.005") <= rounded <= value + Decimal("0.005")
    assert rounded - value != Decimal("-0.005")


@given(classifications(), st.lists(st.decimals(0, 110, places=3), min_size=2, max_size=2))
def test_a_higher_index_never_gets_a_lower_class(bands, pair):
    low, high = sorted(pair)
    labels = [band.label for band in bands]
    lower, higher = classify(low, bands), classify(high, bands)
    assert labels.index(higher) <= labels.index(lower)
