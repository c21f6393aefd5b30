"""What `docker build` leaves out of the build context: `.dockerignore` read and matched as Docker does.

Docker's CLI and BuildKit read the file with moby/buildkit's `dockerignore.ReadAll` and match with
moby/patternmatcher's `MatchesOrParentMatches`: a pattern is Go's `filepath.Match` anchored at the top
of the context (`*` and `?` never cross a `/`), plus `**`, which spans any number of folders (none
included); a path is left out when it or one of its parent folders matches, and the last pattern that
matches decides (`!` lets a path back in). This is that logic, for Linux's `/`, written in Python.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

_ESCAPED = set(".+()|{}$")  # regexp characters that mean nothing in filepath.Match


@dataclass(frozen=True)
class Pattern:
    text: str  # cleaned, without its `!`
    exclusion: bool  # a `!` line: lets matching paths back in

    def matches(self, path: str) -> bool:
        kind, value = _compile(self.text)
        if kind == "exact":
            return path == value
        if kind == "prefix":  # `foo**`
            return path.startswith(value)
        if kind == "suffix":  # `**foo`, `**/foo`
            return path.endswith(value) or (value.startswith("/") and path == value[1:])
        return re.fullmatch(value, path) is not None


def _compile(pattern: str) -> tuple[str, str]:
    """moby/patternmatcher's Pattern.compile: the match type and what it compares with."""
    regex, kind, i, first = "", "exact", 0, True
    while i < len(pattern):
        ch, i = pattern[i], i + 1
        if ch == "*" and pattern[i : i + 1] == "*":  # some flavour of `**`
            i += 1
            if pattern[i : i + 1] == "/":  # `**/` is `**`
                i += 1
            if i == len(pattern):  # `**` at the end matches everything below
                if kind == "exact":
                    kind = "prefix"
                else:
                    regex, kind = regex + ".*", "regexp"
            else:  # any number of folders, none included
                regex, kind = regex + "(.*/)?", "regexp"
            if first:
                kind = "suffix"
        elif ch == "*":
            regex, kind = regex + "[^/]*", "regexp"
        elif ch == "?":
            regex, kind = regex + "[^/]", "regexp"
        elif ch in _ESCAPED:
            regex += "\\" + ch
        elif ch == "\\":
            if i < len(pattern):
                regex, kind, i = regex + re.escape(pattern[i]), "regexp", i + 1
            else:
                regex += "\\\\"
        elif ch in "[]":
            regex, kind = regex + ch, "regexp"
        else:
            regex += ch
        first = False
    if kind == "exact":
        return kind, pattern
    if kind == "prefix":
        return kind, pattern[:-2]
    if kind == "suffix":
        return kind, pattern[2:]
    return kind, regex


def read(text: str) -> list[Pattern]:
    """moby/buildkit's dockerignore.ReadAll: comments and blank lines dropped, each pattern cleaned."""
    patterns = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        line = line.strip()
        if not line:
            continue
        exclusion = line.startswith("!")
        if exclusion:
            line = line[1:].strip()
        line = posixpath.normpath(line)
        if len(line) > 1 and line.startswith("/"):
            line = line[1:]
        patterns.append(Pattern(line, exclusion))
    return patterns


def excluded(path: str, patterns: list[Pattern]) -> bool:
    """True when `docker build` leaves `path` (relative to the context, with `/`) out of the context."""
    path = posixpath.normpath(path)
    parents = posixpath.dirname(path).split("/") if "/" in path else []
    matched = False
    for pattern in patterns:
        if pattern.exclusion != matched:  # as Go's: only a `!` can undo a match, only a match needs one
            continue
        match = pattern.matches(path) or any(pattern.matches("/".join(parents[: i + 1])) for i in range(len(parents)))
        if match:
            matched = not pattern.exclusion
    return matched


def load(context: Path) -> list[Pattern]:
    return read((context / ".dockerignore").read_text())
