from tutor import SYSTEM_PROMPT
from tutor.core.loading import load_tokenizer
from tutor.core.prompting import apply_template, build_messages, fit_to_budget, fold_system


def test_system_prompt_and_history(real_model_dir):
    """On the real model's own chat template (SmolLM2's ChatML, from its GGUF file's metadata),
    which writes a default system line of its own when none is given: ours replaces it."""
    tok = load_tokenizer(str(real_model_dir))
    history = [
        {"role": "user", "content": "Solve x + 1 = 2"},
        {"role": "assistant", "content": "x = 1"},
        {"role": "tool", "content": "ignored"},
    ]
    messages = build_messages("And x + 2 = 5?", history)
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    text = apply_template(tok, messages)
    assert text.startswith(f"<|im_start|>system\n{SYSTEM_PROMPT}<|im_end|>\n"), text
    assert text.endswith("<|im_start|>assistant\n") and text.count("<|im_start|>system") == 1, text
    assert "SmolLM" in apply_template(tok, [{"role": "user", "content": "hi"}])  # the template's own line
    assert "SmolLM" not in text and "ignored" not in text
    assert text.index("Solve x + 1 = 2") < text.index("x = 1") < text.index("And x + 2 = 5?")


def test_unanswered_user_turn_is_replaced():
    messages = build_messages("new", [{"role": "user", "content": "stopped one"}], None)
    assert messages == [{"role": "user", "content": "new"}]


def test_template_that_rejects_system_role_gets_it_folded(tiny_model_gemma2_dir):
    tok = load_tokenizer(str(tiny_model_gemma2_dir))
    text = apply_template(tok, build_messages("Solve 3x + 7 = 22"))
    assert SYSTEM_PROMPT + "\n\nSolve 3x + 7 = 22" in text
    assert fold_system([{"role": "system", "content": "S"}]) == [{"role": "user", "content": "S"}]


def test_history_over_budget_drops_oldest_turns_and_says_so(tiny_model_dir):
    tok = load_tokenizer(str(tiny_model_dir))
    history = []
    for i in range(20):
        history += [
            {"role": "user", "content": f"problem number {i} " * 5},
            {"role": "assistant", "content": "an answer " * 20},
        ]
    prompt = fit_to_budget(tok, build_messages("latest question", history), 300)
    n = len(tok(prompt.text, add_special_tokens=False)["input_ids"])
    assert n <= 300
    assert prompt.dropped_turns > 0 and "oldest" in prompt.notices[0]
    assert "latest question" in prompt.text and "problem number 19" in prompt.text
    assert "problem number 0 " not in prompt.text
    assert prompt.messages[0]["content"] == SYSTEM_PROMPT


def test_single_huge_message_is_cut_in_the_middle(tiny_model_dir):
    tok = load_tokenizer(str(tiny_model_dir))
    prompt = fit_to_budget(tok, build_messages("start " + "x " * 3000 + " end"), 200)
    assert len(tok(prompt.text, add_special_tokens=False)["input_ids"]) <= 200
    assert "start" in prompt.text and "end" in prompt.text and "too long" in prompt.notices[0]
