"""How a processed image appears in a page: the frozen ``Picture`` view and Markdown body images.

Templates and Markdown bodies print the same markup: a ``<picture>`` with a
WebP ``<source>`` and an ``<img>`` in the original's format as fallback, both
with ``srcset`` and ``sizes``, and ``width``/``height`` so the browser keeps the
image's place before it arrives (no layout shift).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from generator.content.images import ImageInfo, ImageTable, is_remote, missing_message
from generator.site.urls import relative_url

# Body images fill the text column (.prose: 42rem); lead images the wider header.
BODY_SIZES = "(min-width: 45rem) 42rem, 100vw"
LEAD_SIZES = "(min-width: 56rem) 52rem, 100vw"
CARD_SIZES = "(min-width: 40rem) 20rem, 100vw"


@dataclass(frozen=True, slots=True)
class Picture:
    """An image as a template shows it; URLs are site URLs, for ``url()``."""

    src: str  # fallback: the variant closest to 960 px
    srcset: tuple[tuple[str, int], ...]  # (site URL, width), original format
    webp: tuple[tuple[str, int], ...]
    mime: str
    width: int  # of the largest variant: gives the aspect ratio
    height: int
    alt: str
    caption: str = ""
    credit: str = ""
    og: str = ""  # 1200×630 crop
    avatar: str = ""  # 96 px square
    avatar_2x: str = ""  # 192 px square


def picture(info: ImageInfo, alt: str | None, caption: str = "", credit: str = "") -> Picture:
    largest = info.variants[-1]
    fallback = min(info.variants, key=lambda v: abs(v.width - 960))
    return Picture(
        src=fallback.url,
        srcset=tuple((v.url, v.width) for v in info.variants),
        webp=tuple((v.url, v.width) for v in info.webp),
        mime=info.mime,
        width=largest.width,
        height=largest.height,
        alt=alt or "",
        caption=caption,
        credit=credit,
        og=info.og.url,
        avatar=info.avatars[0].url,
        avatar_2x=info.avatars[1].url,
    )


@dataclass(frozen=True, slots=True)
class ImageProblem:
    """What is wrong with one image of a body."""

    src: str  # as the Markdown wrote it
    message: str
    warning: bool  # True: the page is still built as it is


@dataclass(slots=True)
class BodyImages:
    """What the Markdown step needs to process one body's images, and what it found wrong."""

    table: ImageTable
    source: str  # the Markdown file, relative to the site
    page_url: str  # the page the body appears on: image links are relative to it
    problems: list[ImageProblem] = field(default_factory=list)


def srcset(page_url: str, candidates: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{relative_url(page_url, url)} {width}w" for url, width in candidates)


class ImageProcessor(Treeprocessor):
    """Turns each local ``<img>`` of a body into responsive ``<picture>`` markup."""

    def __init__(self, md: Markdown, extension: ResponsiveImages):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        images = self.extension.current
        if images is None:
            return
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    replacement = self._replace(child, images)
                    if replacement is not None:
                        replacement.tail, child.tail = child.tail, None
                        parent[index] = replacement

    def _replace(self, img: etree.Element, images: BodyImages) -> etree.Element | None:
        src = img.get("src", "")
        img.set("loading", "lazy")
        img.set("decoding", "async")
        if is_remote(src):
            return None  # a remote image: its size is unknown here, so nothing more is claimed
        info = images.table.find(images.source, src)
        if info is None:
            if not images.table.refuses(images.source, src):
                images.problems.append(ImageProblem(src, missing_message(src), False))
            return None
        alt = img.get("alt", "")
        if not alt.strip():
            images.problems.append(
                ImageProblem(
                    src,
                    f"image `{src}` has no alt text: write it between the brackets, `![what it shows]({src})`",
                    True,
                )
            )
        view = picture(info, alt)
        element = etree.Element("picture")
        etree.SubElement(
            element,
            "source",
            {"type": "image/webp", "srcset": srcset(images.page_url, view.webp), "sizes": BODY_SIZES},
        )
        attributes = {
            "src": relative_url(images.page_url, view.src),
            "srcset": srcset(images.page_url, view.srcset),
            "sizes": BODY_SIZES,
            "width": str(view.width),
            "height": str(view.height),
            "alt": alt,
            "loading": "lazy",
            "decoding": "async",
        }
        if title := img.get("title"):
            attributes["title"] = title
        etree.SubElement(element, "img", attributes)
        return element


class ResponsiveImages(Extension):
    """Python-Markdown extension; ``current`` is set for each body by ``markup.to_html``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.current: BodyImages | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After "inline" (which makes the <img> elements), before "prettify".
        md.treeprocessors.register(ImageProcessor(md, self), "responsive_images", 15)
