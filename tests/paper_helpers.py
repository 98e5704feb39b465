"""Reading a composed paper as text, for tests: every block's words, a section, the main text."""

from __future__ import annotations

from delivery_options.paper.document import Box, Figure, Grid, Heading, Items, Para


def blocks_text(blocks) -> str:
    out = []
    for b in blocks:
        if isinstance(b, Para):
            out += [b.lead, b.text]
        elif isinstance(b, Items):
            out += list(b.items)
        elif isinstance(b, Heading):
            out.append(b.text)
        elif isinstance(b, Box):
            out += [f"{k}: {v}" for k, v in b.rows]
        elif isinstance(b, Figure):
            out += [b.caption, b.reading, b.table.caption, *b.table.notes]
            out += [" | ".join(r) for r in b.table.rows]
        elif isinstance(b, Grid):
            out += [b.caption, *b.notes, " | ".join(b.header), *(" | ".join(r) for r in b.rows)]
    return "\n".join(out)


def text_of(doc) -> str:
    return blocks_text(doc.blocks)


def section(doc, start: str, level: int = 1) -> str:
    """The text of the section whose heading starts with ``start``, to the next of its level."""
    blocks = doc.blocks
    i = next(k for k, b in enumerate(blocks) if isinstance(b, Heading) and b.text.startswith(start))
    j = next(
        (k for k, b in enumerate(blocks) if k > i and isinstance(b, Heading) and b.level <= level),
        len(blocks),
    )
    return blocks_text(blocks[i:j])
