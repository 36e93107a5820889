"""What a build needs to know of a body besides its HTML, found once, when the body is read.

A rebuild after an edit reads one file again and takes every other record
from the build cache. The cache keeps no body text: the stages that look at
every body (the Markdown cache keys, the links to source files, the
quotations) read instead the ``BodyFacts`` found in it when it was read.
A body's text is needed again only when its HTML must be made anew, for
instance after a figure joins the site; then ``content.Bodies`` reads it
again from its file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from generator.markup import shows_images
from generator.markup.links import SourceLink, source_links
from generator.markup.quotes import Candidate, quote_candidates


@dataclass(frozen=True, slots=True)
class BodyFacts:
    """What one body holds, as far as the stages before rendering ask."""

    digest: str  # a hash of the text: what its HTML is cached by (see workers.convert_all)
    images: bool  # whether it may show images (``![``): then its HTML depends on its page too
    links: tuple[SourceLink, ...]  # its links to source files, for links.source_link_problems
    quotes: tuple[Candidate, ...]  # its quotations, speakers not yet known, for dossier.quotations


def body_facts(path: str, body: str, body_line: int) -> BodyFacts:
    """The facts of the body of the file ``path`` (site-relative), which starts at line ``body_line``."""
    return BodyFacts(
        text_digest(body),
        shows_images(body),
        tuple(source_links(path, body, body_line)),
        quote_candidates(body),
    )


def text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
