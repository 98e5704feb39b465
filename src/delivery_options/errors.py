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

    @property
    def where(self) -> str:
        """``FILE: FIELD``, ``FILE`` or nothing: where the problem is."""
        return ": ".join(part for part in (self.file, self.field) if part)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


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

    @property
    def where(self) -> str:
        """Where the first problem is (``FILE: FIELD``), or nothing."""
        first = self.problems[0]
        return first.where if first.file else ""

    @property
    def detail(self) -> str:
        """The line without :attr:`where`: what is wrong, and how many other problems there are."""
        text = self.problems[0].message
        more = len(self.problems) - 1
        if more:
            text += f" (and {more} more problem{'s' if more > 1 else ''}; run `options validate`)"
        return text

    def _line(self) -> str:
        return f"{self.where}: {self.detail}" if self.where else self.detail
