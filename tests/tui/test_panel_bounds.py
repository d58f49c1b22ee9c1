"""`bound_tree`: a panel's ui tree cut to what the terminal draws, in reading order."""

from __future__ import annotations

import pytest

from imperal_tui.widgets.panels.bounded import bound_tree, count_nodes


def text(i: int) -> dict:
    return {"type": "Text", "props": {"content": f"row {i}"}}


def stack(children: list) -> dict:
    return {"type": "Stack", "props": {"children": children}}


def test_a_small_tree_comes_back_unchanged():
    tree = stack([text(1), {"type": "Badge", "props": {"label": "x"}}])
    bounded = bound_tree(tree, max_nodes=10)
    assert bounded.tree is tree and bounded.kept == 3 and bounded.dropped == 0


def test_a_big_tree_keeps_its_first_nodes_in_reading_order():
    tree = stack([stack([text(0), text(1)]), text(2), text(3), text(4)])
    bounded = bound_tree(tree, max_nodes=4)
    assert bounded.kept == 4 and bounded.dropped == 3
    assert bounded.tree == stack([stack([text(0), text(1)])])
    assert count_nodes(tree) == 7  # the original is untouched


def test_50000_nodes_cost_the_budget_and_say_how_many_were_left_out():
    tree = stack([text(i) for i in range(49_999)])
    bounded = bound_tree(tree, max_nodes=200)
    assert bounded.kept == 200 and bounded.dropped == 49_800
    assert count_nodes(bounded.tree) == 200
    assert bounded.tree["props"]["children"][-1] == text(198)


def test_nodes_in_any_prop_count_and_data_that_is_not_a_node_stays():
    row = {"type": "ListItem", "props": {"title": "a", "badge": {"type": "Badge", "props": {}}}}
    table = {"type": "DataTable", "props": {"rows": [{"id": i} for i in range(1000)]}}
    tree = stack([table, {"type": "List", "props": {"items": [row, row]}}])
    bounded = bound_tree(tree, max_nodes=4)
    assert bounded.dropped == 3  # the first row's badge, the second row and its badge
    kept = bounded.tree["props"]["children"]
    assert kept[0] == table  # its 1,000 rows are data, not nodes
    assert kept[1]["props"]["items"] == [{"type": "ListItem", "props": {"title": "a"}}]


def test_a_very_deep_tree_is_cut_at_the_depth_limit_without_recursing_into_it():
    tree: dict = text(0)
    for _ in range(20_000):  # deeper than Python's recursion limit
        tree = stack([tree])
    assert count_nodes(tree) == 20_001
    bounded = bound_tree(tree, max_nodes=100_000, max_depth=10)
    assert bounded.kept == 10 and bounded.dropped == 20_001 - 10


@pytest.mark.parametrize("garbage", [None, 42, "text", [1, 2], {"no": "type"}])
def test_garbage_passes_through_for_the_renderer_to_report(garbage):
    bounded = bound_tree(garbage)
    assert bounded.tree is garbage and bounded.kept == 0 and bounded.dropped == 0


def test_bad_limits_are_refused():
    with pytest.raises(ValueError, match="at least 1"):
        bound_tree(text(0), max_nodes=0)
