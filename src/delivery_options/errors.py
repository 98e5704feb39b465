"""The one exception type for user errors.

Every problem a user can cause (a bad file, an unknown name, an impossible request) is raised as
an :class:`OptionsError`; the CLI catches it once and prints a single line, with no traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input: where it is and what is wrong."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


class OptionsError(Exception):
    """A user error. Carries one or more problems; ``str()`` is a single line.

    ``about`` names the concept the error concerns ("stakeholder", "option", "output",
    "samples", ...) so that a front end can point at its own way of giving it (the command line
    names its flag); the message itself speaks of the workspace, never of flags.
    """

    exit_code = 1

    def __init__(self, problems: Problem | list[Problem] | str, about: str = ""):
        self.about = about
        if isinstance(problems, str):
            problems = [Problem("", "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._line())

    def _line(self) -> str:
        first = self.problems[0]
        text = str(first) if first.file else first.message
        more = len(self.problems) - 1
        if more:
            text += f" (and {more} more problem{'s' if more > 1 else ''}; run `options validate`)"
        return text
