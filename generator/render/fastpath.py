"""Quicker escaping and calls in Jinja2 templates, giving the same text: the only code that
touches Jinja2's internals.

Two changes, each measured on a cold build of the benchmark corpus (benchmarks/README.md):

- ``TextCompiler`` compiles ``{{ value }}`` in an escaping template to a call of
  ``escape_text``, which gives the text ``markupsafe.escape`` gives as a plain
  string (``escape`` makes every value ``Markup``, in two Python calls, only for
  the page to join it). It overrides the compiler's private ``_output_child_pre``.
- ``PageContext.call`` calls a ``PlainCall`` (``url()``) directly. Jinja2 first
  asks every function whether it wants the context, and passes loop and block
  variables in private keywords (``_loop_vars``, ``_block_vars``) that are dropped here.

Both hold only for the versions they were checked with. At import this module
compiles and renders a probe template both ways; where the quick way is not there or
gives other text, ``ACTIVE`` is False (``REASON`` says why) and Jinja2's own compiler
and context are used. The tests fail when it is off in the versions pyproject.toml allows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup, escape

CHECKED = ((3, 1), (3, 2))  # Jinja2 versions checked (pyproject.toml caps it below the last)


def escape_text(value: object) -> str:
    """``{{ value }}`` in an HTML or XML template: the text ``markupsafe.escape`` gives, as a plain string."""
    if type(value) is str:
        return (
            value.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&#34;")
            .replace("'", "&#39;")
        )
    return escape(value)


class TextCompiler(CodeGenerator):
    """Jinja2's compiler, with every value an escaping template outputs passed through ``escape_text``."""

    def _output_child_pre(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_text(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class PlainCall:
    """A callable that templates call often and that never wants the context (``url()``)."""

    __slots__ = ()
    __call__: Callable[..., object]  # each kind defines its own


class QuickContext(jinja2.runtime.Context):
    """Jinja2's context, calling a ``PlainCall`` directly."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja2's own signature)
        if isinstance(__obj, PlainCall):
            kwargs.pop("_loop_vars", None)  # what Jinja2 passes to functions that take the context
            kwargs.pop("_block_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__obj, *args, **kwargs)


class _Probe(PlainCall):
    __slots__ = ()

    def __call__(self, value: object) -> str:
        return f"<{value}>"


PROBE = (
    '{% set t = "t" %}{{ a }}{{ b }}{{ n }}{{ a ~ b }}{{ a|e }}'
    "{% for i in [1, 2] %}{{ f(i) }}{{ loop.index }}{% endfor %}"
    "{% macro m(x) %}{{ x }}{{ f(x) }}{% endmacro %}{{ m(a) }}{% block x %}{{ f(t) }}{% endblock %}"
)


def _missing() -> str | None:
    """Why the quick compiler and context cannot be used here; None when they can."""
    version = tuple(int(part) for part in jinja2.__version__.split(".")[:2])
    if not CHECKED[0] <= version < CHECKED[1]:
        return f"Jinja2 {jinja2.__version__} is not a version the fast path was checked with"
    if not callable(getattr(CodeGenerator, "_output_child_pre", None)):
        return "Jinja2's compiler has no _output_child_pre"
    values = {"a": "<&'\">", "b": Markup("<b>"), "n": 3, "f": _Probe()}
    stock = jinja2.Environment(autoescape=True)
    quick = jinja2.Environment(autoescape=True)
    quick.code_generator_class, quick.context_class = TextCompiler, QuickContext
    quick.escape_text = escape_text  # type: ignore[attr-defined]  # ours, which Jinja2 does not declare
    try:
        if "escape_text(" not in quick.compile(PROBE, raw=True):
            return "the quick compiler does not compile to escape_text"
        if quick.from_string(PROBE).render(values) != stock.from_string(PROBE).render(values):
            return "the quick compiler and context render another text than Jinja2's"
    except Exception as exc:  # noqa: BLE001 - any failure of the probe means: use Jinja2's own
        return f"the probe template failed: {exc!r}"
    return None


REASON = _missing()
ACTIVE = REASON is None


class ThemeEnvironment(jinja2.Environment):
    """The environment of theme templates: Jinja2's, with the quick compiler where it holds."""

    code_generator_class = TextCompiler if ACTIVE else CodeGenerator
    escape_text = staticmethod(escape_text)


PageContext = QuickContext if ACTIVE else jinja2.runtime.Context
