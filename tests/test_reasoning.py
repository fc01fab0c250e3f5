import pytest

from tutor.tutoring.reasoning import join_reasoning, split_reasoning

FULL = "<think>\nStep 1: 3x = 15\nStep 2: x = 5\n</think>\n\nTherefore, x = 5"


def stream_states(text, sizes):
    """Feed `text` in chunks of the given sizes (cycled) and return each intermediate split."""
    out, i, k = [], 0, 0
    while i < len(text):
        i = min(i + sizes[k % len(sizes)], len(text))
        k += 1
        out.append(split_reasoning(text[:i]))
    return out


@pytest.mark.parametrize("sizes", [[1], [2], [3], [5, 1, 7], [len(FULL)]])
def test_streamed_chunks_never_leak_tags(sizes):
    for parts in stream_states(FULL, sizes):
        shown = (parts.reasoning or "") + parts.answer
        for tag in ("<think>", "</think>"):
            # no partial or whole tag is ever shown to the user
            for n in range(2, len(tag) + 1):
                assert not shown.endswith(tag[:n]), (sizes, shown)
            assert tag not in shown
    final = split_reasoning(FULL, final=True)
    assert final.reasoning == "Step 1: 3x = 15\nStep 2: x = 5"
    assert final.answer == "Therefore, x = 5"
    assert not final.thinking


def test_thinking_flag_while_open_then_closed():
    assert split_reasoning("<think>Step 1").thinking
    assert split_reasoning("<think>Step 1").reasoning == "Step 1"
    assert split_reasoning("<think>Step 1").answer == ""
    done = split_reasoning("<think>Step 1</think>x = 5")
    assert not done.thinking and done.answer == "x = 5"


def test_partial_open_tag_is_held_back_until_decided():
    assert split_reasoning("<th").answer == ""
    assert split_reasoning("<th").reasoning is None
    # it turned out not to be a tag: shown in full at the end
    assert split_reasoning("<three", final=True).answer == "<three"
    assert split_reasoning("x < y <", final=False).answer == "x < y "
    assert split_reasoning("x < y <", final=True).answer == "x < y <"


def test_missing_closing_tag_is_reported_when_final():
    parts = split_reasoning("<think>Step 1: try things", final=True)
    assert parts.unclosed and parts.reasoning == "Step 1: try things" and parts.answer == ""


def test_no_tags_at_all():
    parts = split_reasoning("x = 5", final=True)
    assert parts.reasoning is None and parts.answer == "x = 5" and not parts.unclosed


def test_close_tag_without_open_tag():
    parts = split_reasoning("reasoning here</think>answer")
    assert parts.reasoning == "reasoning here" and parts.answer == "answer"


def test_text_before_think_is_kept_in_answer():
    parts = split_reasoning("Sure.<think>r</think>x = 5", final=True)
    assert parts.answer.startswith("Sure.") and parts.answer.endswith("x = 5")


def test_join_roundtrip():
    parts = split_reasoning(FULL, final=True)
    assert split_reasoning(join_reasoning(parts.reasoning, parts.answer), final=True) == parts
    assert join_reasoning(None, "x") == "x"
