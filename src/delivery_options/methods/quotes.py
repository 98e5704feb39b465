"""Quoted phrases in evidence text, and which phrases contain which, in time linear in the text
(a stranger's workspace may hold 50,000-character evidence with thousands of quotes).

``quoted`` finds what the pattern ``(?:^|(?<=[\\s(\\[:]))'(.+?)'(?=$|[\\s,.;:)\\]])`` finds (an
opening quote at the start or after a space or bracket, the nearest closing quote on the same
line that ends the text or precedes a space or punctuation), but with one sorted list of closing
quotes instead of a lazy scan from every opening one. ``contained`` is Aho and Corasick's
automaton (Aho & Corasick, "Efficient string matching", CACM 18(6), 1975): every phrase of a set
that occurs inside another, one pass over each phrase.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Iterable

_OPEN_AFTER = "([:"
_CLOSE_BEFORE = ",.;:)]"


def quoted(text: str) -> list[str]:
    """The contents of the quoted phrases in ``text``, in order (see the module's note)."""
    n = len(text)
    closers = [
        i
        for i, ch in enumerate(text)
        if ch == "'" and (i + 1 == n or text[i + 1].isspace() or text[i + 1] in _CLOSE_BEFORE)
    ]
    out, i = [], 0
    while True:
        s = text.find("'", i)
        if s < 0:
            return out
        if s and not (text[s - 1].isspace() or text[s - 1] in _OPEN_AFTER):
            i = s + 1
            continue
        k = bisect_left(closers, s + 2)  # at least one character between the quotes
        line_end = text.find("\n", s + 1)
        if k == len(closers) or (0 <= line_end < closers[k]):
            i = s + 1
            continue
        out.append(text[s + 1 : closers[k]])
        i = closers[k] + 1


def contained(phrases: Iterable[str]) -> dict[str, set[str]]:
    """For each phrase, the phrases of the set that occur in it (itself included).

    The automaton's moves are one dictionary keyed by ``code point << 32 | node``, its
    failure and output links lists of numbers: a dictionary per node cost some 170 bytes per
    character of the phrases, and so many small containers kept the garbage collector busy
    (30 s for a million characters)."""
    words = list(dict.fromkeys(phrases))
    goto: dict[int, int] = {}
    ends: dict[int, list[str]] = {}  # the phrases ending at a node
    count = 1
    for w in words:
        node = 0
        for ch in w:
            key = ord(ch) << 32 | node
            nxt = goto.get(key)
            if nxt is None:
                nxt = goto[key] = count
                count += 1
            node = nxt
        ends.setdefault(node, []).append(w)
    children: list[list[int]] = [[] for _ in range(count)]  # (code point) of each child
    for key in goto:
        children[key & _NODE].append(key >> 32)
    fail = [0] * count
    link = [-1] * count  # the nearest proper suffix that ends a phrase
    queue = deque(goto[c << 32] for c in children[0])
    while queue:
        node = queue.popleft()
        for c in children[node]:
            nxt = goto[c << 32 | node]
            f = fail[node]
            while f and c << 32 | f not in goto:
                f = fail[f]
            to = goto.get(c << 32 | f, 0)
            fail[nxt] = to if to != nxt else 0
            link[nxt] = fail[nxt] if fail[nxt] in ends else link[fail[nxt]]
            queue.append(nxt)
    del children
    out: dict[str, set[str]] = {}
    for q in words:
        found: set[str] = set()
        seen: set[int] = set()
        node = 0
        for ch in q:
            c = ord(ch)
            while node and c << 32 | node not in goto:
                node = fail[node]
            node = goto.get(c << 32 | node, 0)
            hit = node if node in ends else link[node]
            while hit > 0 and hit not in seen:  # each ending reported once per phrase
                seen.add(hit)
                found.update(ends[hit])
                hit = link[hit]
        out[q] = found
    return out


_NODE = 2**32 - 1  # a move's key: its code point above 32 bits, its node below
