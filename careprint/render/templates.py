"""Stage 4a, templates: Jinja2 turns a Document into careprint markup.

A clinic's templates/ folder overrides careprint's own file by file. Templates are not trusted
code, so they run in Jinja2's sandbox; they autoescape, and an undefined name is an error that
points at the template's file and line. A template is also bounded: its file size, the times
its loops run, its running time, and the size of what `*` and `**` may make.
"""

from __future__ import annotations

import hashlib
import re
import time
import traceback
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from markupsafe import Markup
from jinja2.compiler import CodeGenerator
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from careprint import __version__
from careprint.cache import cache_dir
from careprint.library.load import size_text
from careprint.problems import Mark, Problem, error
from careprint.resources import BUILTIN_TEMPLATES


class TemplateProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


# careprint's own templates are a few KB each and render in milliseconds, with a few hundred
# loop steps: these limits are far above any real template, and far below a runaway one.
MAX_TEMPLATE_BYTES = 256 * 1024
MAX_LOOP_STEPS = 1_000_000
RENDER_SECONDS = 5.0
_MAX_RESULT = 1_000_000  # characters or items from `*`, bits from `**`


class _Limit(Exception):
    """A template went past one of the limits above; reported at the template's line."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class _TemplateTooBig(jinja2.TemplateError):
    def __init__(self, path: Path, size: int) -> None:
        super().__init__(str(path))
        self.path, self.size = path, size


class _Budget:
    """One render's allowance of loop steps and seconds."""

    def __init__(self) -> None:
        self.seconds = RENDER_SECONDS
        self.deadline = time.monotonic() + self.seconds
        self.steps = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise _Limit(f"rendering took more than {self.seconds:g} seconds",
                         "look for loops or macros that run far more often than the document "
                         "has items")

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_LOOP_STEPS:
            raise _Limit(f"its loops ran more than {MAX_LOOP_STEPS:,} times",
                         "a template loops over the document's items; look for a loop inside "
                         "a loop, or a large range()")
        self.tick()


_BUDGET: ContextVar[_Budget | None] = ContextVar("careprint_template_budget", default=None)


def _tick() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()


class _Counted:
    """A loop's items, each one counted against the render's budget."""

    def __init__(self, items: Iterable[Any]) -> None:
        self._items = items

    def __len__(self) -> int:  # so loop.length does not have to copy the items
        return len(self._items)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[Any]:
        budget = _BUDGET.get()
        for item in self._items:
            if budget is not None:
                budget.step()
            yield item


class _CountedLoops(CodeGenerator):
    """Compiles `{% for x in items %}` as `for x in environment.counted(items)`."""

    def visit_For(self, node: nodes.For, frame) -> None:
        counted = nodes.Call(nodes.EnvironmentAttribute("counted"), [node.iter], [], None, None,
                             lineno=node.iter.lineno)
        super().visit_For(nodes.For(node.target, counted, node.body, node.else_, node.test,
                                    node.recursive, lineno=node.lineno), frame)


def _too_large(operator: str, left: Any, right: Any) -> bool:
    def whole(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if operator == "**":
        return whole(left) and whole(right) and abs(left) > 1 and \
            right * left.bit_length() > _MAX_RESULT
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and whole(times):
            return len(sequence) * times > _MAX_RESULT
    return False


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, with every loop step, call and lookup checked against the budget."""

    code_generator_class = _CountedLoops
    # Intercepted, these are computed at render time through call_binop, never folded at
    # compile time: `{{ 10 ** 10 ** 10 }}` would otherwise hang while the template compiles.
    intercepted_binops = frozenset({"*", "**"})

    @staticmethod
    def counted(items: Iterable[Any]) -> _Counted:
        return _Counted(items)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if _too_large(operator, left, right):
            raise _Limit(f"the result of '{operator}' would be too large",
                         "a template prints the document's values; it never needs numbers or "
                         "text this large")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)


class _Loader(jinja2.FileSystemLoader):
    """Measures a template file before reading it."""

    def get_source(self, environment: jinja2.Environment, template: str):
        for folder in self.searchpath:
            path = Path(folder, *split_template_path(template))
            if path.is_file():
                size = path.stat().st_size
                if size > MAX_TEMPLATE_BYTES:
                    raise _TemplateTooBig(path, size)
                break
        return super().get_source(environment, template)


@jinja2.pass_eval_context
def _line_breaks(eval_ctx: nodes.EvalContext, value: Any) -> Any:
    """Every `{{ value }}` in markup: a line break typed in the text (a patient note written
    over several lines) stays a line break, instead of running the lines together."""
    if eval_ctx.autoescape and isinstance(value, str) and not isinstance(value, Markup) \
            and "\n" in value:
        return Markup("<br/>").join(value.split("\n"))  # join escapes each line
    return value


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling costs a cold sheet ~20 ms). The folder
    is named by everything that shapes the compiled code — careprint's compiler (this file)
    and its version; Jinja2 adds its own and Python's version, and the source's checksum."""
    compiler = hashlib.sha256(Path(__file__).read_bytes() + __version__.encode()).hexdigest()
    folder = cache_dir(f"templates-{compiler[:16]}")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder else None


def environment(library_templates: Path) -> jinja2.Environment:
    folders = [str(library_templates)] if library_templates.is_dir() else []
    if BUILTIN_TEMPLATES.resolve() != library_templates.resolve():
        folders.append(str(BUILTIN_TEMPLATES))
    env = _Sandbox(
        loader=_Loader(folders),
        # Markup and HTML are escaped; plain-text email is not (it would show &amp;).
        autoescape=jinja2.select_autoescape(disabled_extensions=("txt.j2", "subject.j2"),
                                            default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_line_breaks,
        bytecode_cache=_compiled_templates(),
    )
    return env


def render_markup(env: jinja2.Environment, template_name: str, **context) -> str:
    """Render one template; any template mistake becomes a TemplateProblem naming file and line."""
    budget = _BUDGET.set(_Budget())
    try:
        return env.get_template(template_name).render(**context)
    except _TemplateTooBig as err:
        msg = (f"the template is {size_text(err.size)}; the most careprint reads is "
               f"{size_text(MAX_TEMPLATE_BYTES)}")
        raise TemplateProblem(error(msg, Mark(err.path), "a template needs a few KB: the "
                                    "document's text belongs in handouts/, not in the "
                                    "template")) from err
    except jinja2.TemplateNotFound as err:
        msg = f"template '{err.name}' not found in templates/"
        raise TemplateProblem(error(msg, None, "restore it, or copy careprint's own")) from err
    except jinja2.TemplateSyntaxError as err:
        at = Mark(Path(err.filename or err.name or template_name), err.lineno or 0)
        raise TemplateProblem(error(f"template syntax: {err.message}", at)) from err
    except UnicodeDecodeError as err:
        raise TemplateProblem(error("template file is not UTF-8 text", Mark(Path(template_name)),
                                    "save it as UTF-8")) from err
    except _Limit as err:
        at = _template_frame(err) or Mark(Path(template_name))
        raise TemplateProblem(error(f"template: {err}", at, err.hint)) from err
    except RecursionError as err:
        at = _template_frame(err) or Mark(Path(template_name))
        raise TemplateProblem(error("template: a macro calls itself without end", at,
                                    "give it a condition that stops it")) from err
    except (jinja2.TemplateError, ArithmeticError, ValueError, TypeError, LookupError,
            AttributeError, MemoryError) as err:
        # A template is a clinic's code: any mistake in it is reported, not a crash.
        at = _template_frame(err) or Mark(Path(template_name))
        raise TemplateProblem(error(f"template: {_plain(err)}", at,
                                    "see templates/README.md for the names a template may use"))\
            from err
    finally:
        _BUDGET.reset(budget)


def _plain(err: BaseException) -> str:
    """Jinja2 names objects by their Python path; a template author knows them by name."""
    return re.sub(r"'careprint(?:\.\w+)+\.(\w+) object'", r"'\1'", str(err))


def _template_frame(err: BaseException) -> Mark | None:
    """The innermost traceback frame that is a template line, as Jinja2 rewrites them."""
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return None
    return Mark(Path(frames[-1].filename), frames[-1].lineno or 0)
