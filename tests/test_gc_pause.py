"""graph/gc_pause.py: blocks nest; the outermost block's thresholds hold until it ends."""
import gc

from graph.gc_pause import LOAD_THRESHOLDS, NONE, fewer_collections


def test_an_inner_block_keeps_the_outer_thresholds_and_the_outer_restores_them():
    before = gc.get_threshold()
    with fewer_collections(NONE):
        assert gc.get_threshold() == NONE
        with fewer_collections():  # a table's load inside the bulk conversion
            assert gc.get_threshold() == NONE
        assert gc.get_threshold() == NONE
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_single_block_sets_and_restores():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == LOAD_THRESHOLDS
    assert gc.get_threshold() == before


def test_an_error_inside_restores():
    before = gc.get_threshold()
    try:
        with fewer_collections(NONE):
            with fewer_collections():
                raise KeyError("x")
    except KeyError:
        pass
    assert gc.get_threshold() == before
    with fewer_collections():  # the depth came back to 0: this block sets its own
        assert gc.get_threshold() == LOAD_THRESHOLDS
