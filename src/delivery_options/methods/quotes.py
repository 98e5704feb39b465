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
    """For each phrase, the phrases of the set that occur in it (itself included)."""
    words = list(dict.fromkeys(phrases))
    goto: list[dict[str, int]] = [{}]
    ends: list[list[str]] = [[]]
    for w in words:
        node = 0
        for ch in w:
            nxt = goto[node].get(ch)
            if nxt is None:
                nxt = len(goto)
                goto[node][ch] = nxt
                goto.append({})
                ends.append([])
            node = nxt
        ends[node].append(w)
    fail = [0] * len(goto)
    link = [-1] * len(goto)  # the nearest proper suffix that ends a phrase
    queue = deque(goto[0].values())
    while queue:
        node = queue.popleft()
        for ch, nxt in goto[node].items():
            f = fail[node]
            while f and ch not in goto[f]:
                f = fail[f]
            fail[nxt] = goto[f].get(ch, 0) if goto[f].get(ch, 0) != nxt else 0
            link[nxt] = fail[nxt] if ends[fail[nxt]] else link[fail[nxt]]
            queue.append(nxt)
    out: dict[str, set[str]] = {}
    for q in words:
        found: set[str] = set()
        seen: set[int] = set()
        node = 0
        for ch in q:
            while node and ch not in goto[node]:
                node = fail[node]
            node = goto[node].get(ch, 0)
            hit = node if ends[node] else link[node]
            while hit > 0 and hit not in seen:  # each ending reported once per phrase
                seen.add(hit)
                found.update(ends[hit])
                hit = link[hit]
        out[q] = found
    return out
