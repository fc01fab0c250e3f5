"""The tutor on any OpenAI-compatible server (vLLM, SGLang, TGI, `transformers serve`, llama.cpp).

`python app.py --backend openai --base-url http://gpu-box:8000/v1 [--api-key-env NAME]
[--served-model NAME]`: the tutor streams chat completions from the server through the `openai`
client library, with the same reasoning split (a server's separate `reasoning_content` is folded
into a `<think>` block), LaTeX, stop (the stream is closed), SymPy checks and hints as with a
local model. Batching is the server's job (vLLM's continuous batching, `--continuous-batching`).

Adapters are the server's LoRA model names (vLLM `--lora-modules name=path`): `RemoteAdapters`
lists them from `/v1/models`, and `load()` asks the server to load one through vLLM's
`/v1/load_lora_adapter` where the server offers it, and says plainly where it does not.

A server that is down or answers with an error gives the request a clear message; the app keeps
serving. No Gradio here.
"""

from __future__ import annotations

import builtins
import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, cast

from tutor import SYSTEM_PROMPT
from tutor.adapters.registry import BASE, AdapterError, AdapterInfo
from tutor.core.prompting import Prompt, build_messages
from tutor.engine.types import Engine, EngineInfo, GenerationSettings, TextStream

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletionMessageParam

log = logging.getLogger(__name__)

MAX_HISTORY_CHARS = 24_000  # the server's context is unknown here: keep the latest turns


class BackendError(RuntimeError):
    """The model server could not be reached or refused the request; the message says which."""


class OpenAIEngine(Engine):
    adapters: RemoteAdapters  # always the server's LoRA models (set in __init__)

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        model: str | None = None,
        timeout: float = 120.0,
        banner: str = "",
        concurrency: int = 32,
    ) -> None:
        import openai

        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.client = openai.OpenAI(
            base_url=self.base_url, api_key=api_key or "EMPTY", timeout=timeout, max_retries=0
        )
        self._concurrency = max(1, int(concurrency))
        self.served_model = model or ""
        notes = []
        if not self.served_model:
            try:
                self.served_model = self.list_models()[0]
            except (BackendError, IndexError) as exc:
                notes.append(
                    f"The model server at {self.base_url} did not list a model ({exc}); "
                    "requests will fail until it is up (or pass --served-model)."
                )
        self.info = EngineInfo(
            kind="openai",
            model=self.served_model or "(unknown)",
            device=f"OpenAI-compatible server at {self.base_url}",
            precision="server",
            banner=" ".join([banner, *notes]).strip(),
            model_replies=True,
            adapters=True,
            local_weights=False,
        )
        self.adapters = RemoteAdapters(self)

    @property
    def concurrency(self) -> int:
        return self._concurrency  # the server batches; the UI lets this many requests through

    # -- the server ---------------------------------------------------------------------------

    def _explain(self, exc: Exception) -> BackendError:
        import openai

        if isinstance(exc, openai.APIConnectionError):  # includes timeouts
            return BackendError(
                f"the model server at {self.base_url} cannot be reached "
                f"({type(exc).__name__}); is it running?"
            )
        if isinstance(exc, openai.APIStatusError):
            detail = ""
            try:
                body = exc.response.json()
                detail = str(body.get("error", body) if isinstance(body, dict) else body)[:300]
            except Exception:  # noqa: BLE001 - not JSON
                detail = (exc.response.text or "")[:300]
            return BackendError(
                f"the model server at {self.base_url} answered HTTP "
                f"{exc.status_code}: {detail or exc.message}"
            )
        return BackendError(f"the model server at {self.base_url} failed: {type(exc).__name__}: {exc}")

    def list_models(self) -> list[str]:
        try:
            return [m.id for m in self.client.models.list().data]
        except Exception as exc:  # noqa: BLE001
            raise self._explain(exc) from exc

    # -- the Engine protocol --------------------------------------------------------------------

    def prepare(
        self,
        problem: str,
        history: list[dict] | None,
        max_new_tokens: int = 1024,
        system_prompt: str | None = SYSTEM_PROMPT,
        images: list | None = None,
    ) -> Prompt:
        """The chat messages to send (the server applies its chat template); the oldest turns
        are dropped beyond MAX_HISTORY_CHARS, said in a notice. Pictures are not sent to a
        server (`info.images` is False: photos are read by OCR and confirmed first)."""
        if images:
            raise ValueError("this engine does not send pictures to its server")
        messages = build_messages(problem, history, system_prompt)
        system = [m for m in messages[:1] if m["role"] == "system"]
        turns = messages[len(system) :]
        dropped = 0
        while len(turns) > 1 and sum(len(m["content"]) for m in turns) > MAX_HISTORY_CHARS:
            turns = turns[2:] if len(turns) > 2 else turns[1:]
            dropped += 1
        notices = (
            [f"The conversation was long: the oldest {dropped} exchange(s) were left out."] if dropped else []
        )
        text = "\n\n".join(f"{m['role']}: {m['content']}" for m in system + turns)
        return Prompt(text=text, messages=system + turns, dropped_turns=dropped, notices=notices)

    def _model_for(self, adapter: str | None) -> str:
        name = self.adapters.resolve(adapter)
        return self.served_model if name == BASE else name

    def generate(
        self,
        prompt: Prompt,
        settings: GenerationSettings,
        stop: threading.Event | None = None,
        adapter: str | None = None,
    ) -> TextStream:
        stream = TextStream()
        model = self._model_for(adapter)
        return stream._run(self._pieces(prompt, settings.clamped(), stop or threading.Event(), model, stream))

    def _pieces(
        self,
        prompt: Prompt,
        settings: GenerationSettings,
        stop: threading.Event,
        model: str,
        stream: TextStream,
    ) -> Iterator[str]:
        started = time.perf_counter()
        self.stats.generations += 1
        extra_body = None  # None: the client's default, nothing added to the request body
        if settings.repetition_penalty != 1.0:  # not in the OpenAI API; vLLM/SGLang take it
            extra_body = {"repetition_penalty": settings.repetition_penalty}
        # build_messages' plain {"role", "content"} dicts are the client's message params
        messages = cast("list[ChatCompletionMessageParam]", prompt.messages)
        try:
            response = self.client.chat.completions.create(
                model=model,
                messages=messages,
                stream=True,
                max_tokens=settings.max_new_tokens,
                temperature=settings.temperature,
                top_p=settings.top_p if settings.temperature > 0 else 1.0,
                extra_body=extra_body,
            )
        except Exception as exc:  # noqa: BLE001
            stream.reason = "error"
            raise self._explain(exc) from exc
        thinking = False
        try:
            for chunk in response:
                if stop.is_set():
                    stream.stopped, stream.reason = True, "stop"
                    break
                for choice in chunk.choices or []:
                    delta = choice.delta
                    reasoning = getattr(delta, "reasoning_content", None) or getattr(delta, "reasoning", None)
                    if reasoning:
                        piece = ("<think>" if not thinking else "") + reasoning
                        thinking = True
                        stream.new_tokens += 1
                        yield piece
                    if delta is not None and delta.content:
                        piece = delta.content
                        if thinking:
                            piece, thinking = "</think>" + piece, False
                        stream.new_tokens += 1
                        yield piece
                    if choice.finish_reason:
                        stream.reason = "length" if choice.finish_reason == "length" else "eos"
                usage = getattr(chunk, "usage", None)
                if usage is not None and getattr(usage, "completion_tokens", None):
                    stream.new_tokens = int(usage.completion_tokens)
            if thinking and not stream.stopped:
                yield "</think>"
        except GeneratorExit:  # the consumer closed the stream (Stop, a disconnect)
            stream.stopped, stream.reason = True, "stop"
            raise
        except Exception as exc:  # noqa: BLE001 - a stream cut mid-way
            if not stop.is_set():
                stream.reason = "error"
                raise self._explain(exc) from exc
            stream.stopped, stream.reason = True, "stop"
        finally:
            response.close()  # closing the HTTP stream ends the generation on the server
            self.stats.last_new_tokens = stream.new_tokens
            self.stats.last_stopped = stream.stopped
            self.stats.last_seconds = time.perf_counter() - started

    def sample(
        self,
        prompt: Prompt,
        settings: GenerationSettings,
        n: int,
        stop: threading.Event | None = None,
        adapter: str | None = None,
    ) -> list[str]:
        """`n` concurrent requests: the server batches them."""
        n = max(0, int(n))
        if n == 0:
            return []
        stop = stop or threading.Event()

        def one(_):
            s = self.generate(prompt, settings, stop, adapter=adapter)
            try:
                text = "".join(s)
            finally:
                s.close()
            return None if s.stopped else text

        with ThreadPoolExecutor(max_workers=min(n, 16)) as pool:
            return [t for t in pool.map(one, range(n)) if t is not None]


class RemoteAdapters:
    """The server's LoRA models, in the shape of `AdapterRegistry` that the UI and API use."""

    def __init__(self, engine: OpenAIEngine) -> None:
        self.engine = engine
        self.default = BASE
        self._infos: dict[str, AdapterInfo] = {}
        self._lock = threading.Lock()
        self.roots = None  # the app's AllowedRoots (set by the app): on a public app they bound `load`

    def _refresh(self) -> None:
        try:
            names = self.engine.list_models()
        except BackendError:
            return
        with self._lock:
            for name in names:
                if name != self.engine.served_model and name not in self._infos:
                    self._infos[name] = AdapterInfo(
                        name=name,
                        source=f"server model {name}",
                        revision=None,
                        base=self.engine.served_model,
                        rank=None,
                        alpha=None,
                        target_modules=[],
                    )

    def names(self) -> list[str]:
        return list(self._infos)

    def list(self) -> list[AdapterInfo]:
        self._refresh()
        return list(self._infos.values())

    def choices(self) -> builtins.list[str]:  # `list` here is the method above
        self._refresh()
        return [BASE, *self._infos]

    def resolve(self, name_or_source: str | None) -> str:
        key = (name_or_source or "").strip()
        if key.lower() in ("", BASE, "none", "__base__") or key == self.engine.served_model:
            return BASE
        if key not in self._infos:
            self._refresh()
        if key in self._infos:
            return key
        for info in self._infos.values():
            if key == info.local_dir:
                return info.name
        raise AdapterError(
            f"the model server at {self.engine.base_url} has no LoRA model named "
            f"{key!r} (it serves: {', '.join([BASE, *self._infos])}); start it "
            "with --lora-modules NAME=PATH or load it first"
        )

    def load(
        self, source: str, revision: str | None = None, name: str | None = None, progress=None
    ) -> AdapterInfo:
        """Ask the server to load a LoRA adapter (vLLM's `/v1/load_lora_adapter`; `source` is a
        path or Hub id as the SERVER sees it)."""
        import httpx

        source = str(source or "").strip()
        if not source:
            raise AdapterError("give the adapter's path or Hub id (as the model server sees it)")
        if revision:
            raise AdapterError(
                "the model server loads adapters by path or id; a revision cannot be passed to it"
            )
        if self.roots is not None and self.roots.enforce:
            # The server reads the path, but on a public app a path a visitor names must still lie
            # under the allowed roots as this app sees them (server and app usually share a disk);
            # one refusal whether or not the path exists, and the server is not asked.
            from tutor.security.paths import PathRefused

            try:
                real = self.roots.check_source(source)
            except PathRefused as exc:
                raise AdapterError(str(exc)) from None
            if real is not None:
                source = str(real)
        name = (name or source.rstrip("/").rsplit("/", 1)[-1]).strip()[:64] or "adapter"
        if progress:
            progress(f"asking the model server to load {name}")
        try:
            response = self.engine.client.post(
                "/load_lora_adapter", body={"lora_name": name, "lora_path": source}, cast_to=httpx.Response
            )
        except Exception as exc:  # noqa: BLE001
            import openai

            if isinstance(exc, openai.NotFoundError) or getattr(exc, "status_code", None) in (404, 405):
                raise AdapterError(
                    f"the model server at {self.engine.base_url} does not offer "
                    "/v1/load_lora_adapter, so adapters cannot be loaded from here: start the "
                    "server with its adapters (vLLM: --enable-lora --lora-modules NAME=PATH; "
                    "runtime loading needs VLLM_ALLOW_RUNTIME_LORA_UPDATING=True)"
                ) from exc
            raise AdapterError(str(self.engine._explain(exc))) from exc
        if response.status_code >= 400:
            raise AdapterError(
                f"the model server refused to load {source!r}: HTTP "
                f"{response.status_code} {response.text[:300]}"
            )
        info = AdapterInfo(
            name=name,
            source=source,
            revision=None,
            base=self.engine.served_model,
            rank=None,
            alpha=None,
            target_modules=[],
            local_dir=source,
        )
        with self._lock:
            self._infos[name] = info
        return info
