"""Stage 4a, templates: Jinja2 turns a Document into careprint markup.

A clinic's templates/ folder overrides careprint's own file by file. Templates are not trusted
code, so they run in Jinja2's sandbox; they autoescape, and an undefined name is an error that
points at the template's file and line.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from careprint.problems import Mark, Problem, error
from careprint.resources import BUILTIN_TEMPLATES


class TemplateProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def environment(library_templates: Path) -> jinja2.Environment:
    folders = [str(library_templates)] if library_templates.is_dir() else []
    if BUILTIN_TEMPLATES.resolve() != library_templates.resolve():
        folders.append(str(BUILTIN_TEMPLATES))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folders),
        # Markup and HTML are escaped; plain-text email is not (it would show &amp;).
        autoescape=jinja2.select_autoescape(disabled_extensions=("txt.j2", "subject.j2"),
                                            default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render_markup(env: jinja2.Environment, template_name: str, **context) -> str:
    """Render one template; any template mistake becomes a TemplateProblem naming file and line."""
    try:
        return env.get_template(template_name).render(**context)
    except jinja2.TemplateNotFound as err:
        msg = f"template '{err.name}' not found in templates/"
        raise TemplateProblem(error(msg, None, "restore it, or copy careprint's own")) from err
    except jinja2.TemplateSyntaxError as err:
        at = Mark(Path(err.filename or err.name or template_name), err.lineno or 0)
        raise TemplateProblem(error(f"template syntax: {err.message}", at)) from err
    except UnicodeDecodeError as err:
        raise TemplateProblem(error("template file is not UTF-8 text", Mark(Path(template_name)),
                                    "save it as UTF-8")) from err
    except (jinja2.TemplateError, ArithmeticError, ValueError, TypeError, LookupError,
            AttributeError, MemoryError) as err:
        # A template is a clinic's code: any mistake in it is reported, not a crash.
        at = _template_frame(err) or Mark(Path(template_name))
        raise TemplateProblem(error(f"template: {_plain(err)}", at,
                                    "see templates/README.md for the names a template may use"))\
            from err


def _plain(err: BaseException) -> str:
    """Jinja2 names objects by their Python path; a template author knows them by name."""
    return re.sub(r"'careprint(?:\.\w+)+\.(\w+) object'", r"'\1'", str(err))


def _template_frame(err: BaseException) -> Mark | None:
    """The innermost traceback frame that is a template line, as Jinja2 rewrites them."""
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return None
    return Mark(Path(frames[-1].filename), frames[-1].lineno or 0)
