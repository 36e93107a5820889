"""Find, check and process the site's images: resized, re-encoded, stripped of metadata.

Every raster image below ``content/`` (in ``content/static/`` or beside an
article or profile) is opened with Pillow, turned upright (EXIF orientation),
converted to sRGB, and saved again without EXIF, GPS, XMP, comments or text
chunks, at a few widths in its own format (JPEG or PNG) and in WebP, plus a
1200×630 crop for link previews and square avatars. Originals are never
published.

Encoding is the slow part of a build, so its results are cached in
``<cache>/images/<key>/``: the key is a hash of the file's bytes, the settings
below and ``IMAGE_VERSION``, and the output names carry the first 12 characters
of it. An unchanged image is never encoded twice, and a changed image gets new
URLs, so browsers and CDNs never show a stale copy.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import shutil
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote, urlsplit

import PIL

if TYPE_CHECKING:
    from PIL import Image

from generator.core import stored
from generator.core.models import Article, ContentError, Profile
from generator.core.parallel import fork_pool

# Bump when the processing below changes: every image gets a new key and new URLs.
IMAGE_VERSION = "1"
WIDTHS = (480, 960, 1600)  # never upscaled; a smaller original adds its own width
AVATAR_SIZES = (96, 192)  # square crops: 1x and 2x of a 96 px avatar
OG_SIZE = (1200, 630)  # Open Graph / link preview crop
JPEG_OPTIONS: dict[str, object] = {"quality": 82, "optimize": True, "progressive": True}
PNG_OPTIONS: dict[str, object] = {"optimize": True}
WEBP_OPTIONS: dict[str, object] = {"quality": 80, "method": 2}  # 4, the default: smaller files, slower
SETTINGS = repr(
    (IMAGE_VERSION, PIL.__version__, WIDTHS, AVATAR_SIZES, OG_SIZE, JPEG_OPTIONS, PNG_OPTIONS, WEBP_OPTIONS)
)
# Larger images are refused: a small file can claim a huge size (a decompression bomb).
MAX_PIXELS = 64_000_000
MAX_SIDE = 20_000  # pixels along either side
MAX_IMAGE_BYTES = 50 * 1024 * 1024
INFO_FILE = "info"  # in each image's cache folder: its sizes and format, and its files as written
# Below this many images to encode, a process pool costs more than it saves (measured: README).
MIN_PARALLEL_IMAGES = 4
RASTER_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff")
CONTENT = "content"
STATIC = "content/static"
OUTPUT_FOLDER = "images"
MIME = {"JPEG": "image/jpeg", "PNG": "image/png"}
EXTENSION = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class ImageProblem(Exception):
    """An image file that cannot be published; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One published file of an image."""

    url: str  # site URL, e.g. "/images/3fa9c0d1e2b4-960.jpg"
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """A processed image: what pages need to show it and which files to publish."""

    source: str  # the original, relative to the site folder
    key: str  # 12 hex digits shared by all of its files
    width: int  # the upright original
    height: int
    mime: str  # of the variants: "image/jpeg" or "image/png"
    variants: tuple[Variant, ...]  # in the original's format, narrowest first
    webp: tuple[Variant, ...]  # the same widths in WebP
    og: Variant  # 1200×630 crop
    avatars: tuple[Variant, ...]  # square crops, AVATAR_SIZES

    @property
    def files(self) -> tuple[str, ...]:
        """Every published file, relative to the output folder."""
        found = [*self.variants, *self.webp, self.og, *self.avatars]
        return tuple(v.url[1:] for v in found)


@dataclass(frozen=True, slots=True)
class ImageTable:
    """Every image of the site by its site-relative path, and where its files are."""

    images: dict[str, ImageInfo] = field(default_factory=dict)
    stored: dict[str, Path | bytes] = field(default_factory=dict, repr=False)  # output path -> file or bytes
    encoded: int = 0  # how many images this build had to encode
    refused: frozenset[str] = frozenset()  # images with errors, already reported

    def refuses(self, source: str, src: str) -> bool:
        """Whether ``src`` is an image already reported as unusable (no second error for it)."""
        return any(candidate in self.refused for candidate in candidates(source, src))

    def find(self, source: str, src: str) -> ImageInfo | None:
        """The image that ``src``, written in the file ``source``, refers to."""
        for candidate in candidates(source, src):
            if candidate in self.images:
                return self.images[candidate]
        return None

    @property
    def digest(self) -> str:
        """Changes when any image changes: part of the cache key of Markdown that shows images."""
        text = "\0".join(f"{path}={info.key}" for path, info in sorted(self.images.items()))
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def is_raster(name: str) -> bool:
    return name.lower().endswith(RASTER_SUFFIXES)


def is_remote(src: str) -> bool:
    return src.startswith("//") or bool(urlsplit(src).scheme)


def candidates(source: str, src: str) -> list[str]:
    """Where ``src`` may be, relative to the site: beside ``source`` first, then in content/static.

    A path starting with "/" is looked up in content/static only. Paths that
    would leave ``content/`` are refused (no candidates).
    """
    path = unquote(urlsplit(src).path) if not is_remote(src) else ""
    if not path or "\\" in path or "\0" in path:
        return []
    bases = [STATIC] if path.startswith("/") else [posixpath.dirname(source), STATIC]
    found = []
    for base in bases:
        joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if joined.startswith(CONTENT + "/") and ".." not in joined.split("/"):
            found.append(joined)
    return found


def missing_message(src: str) -> str:
    if is_remote(src):
        return (
            f"image `{src}` must be a file of the site, not a web address; download it into content/static/"
        )
    if not is_raster(src):
        return f"image `{src}` is not a JPEG, PNG, GIF, WebP, BMP or TIFF file; convert it to PNG or JPEG"
    return (
        f"image `{src}` not found: put it beside this file or in content/static/ "
        "(a path starting with / is looked up in content/static/ only)"
    )


def load_images(
    site: Path, sources: tuple[str, ...], cache_folder: Path | None, jobs: int = 1
) -> tuple[ImageTable, list[ContentError]]:
    """Check and process every image in ``sources``, encoding only what the cache lacks."""
    problems: list[ContentError] = []
    store = cache_folder / "images" if cache_folder else None
    images: dict[str, ImageInfo] = {}
    stored: dict[str, Path | bytes] = {}
    todo: list[tuple[str, str, bytes]] = []
    used: set[str] = set()
    refused: set[str] = set()
    for label in sources:
        try:
            data = _read(site, label)
        except ImageProblem as exc:
            problems.append(ContentError(label, None, str(exc)))
            refused.add(label)
            continue
        key = hashlib.blake2b(SETTINGS.encode() + b"\0" + data, digest_size=16).hexdigest()
        used.add(key)
        if store and (info := _cached(store / key, label, key)):
            images[label] = info
            stored.update((name, store / key / Path(name).name) for name in info.files)
        else:
            todo.append((label, key, data))
    for (label, key, _), result in zip(todo, _encode_all(todo, jobs), strict=True):
        if isinstance(result, str):
            problems.append(ContentError(label, None, result))
            refused.add(label)
            continue
        meta, files = result
        info = _info(label, key, meta)
        images[label] = info
        if store:
            _store(store / key, meta, files)
            stored.update((name, store / key / Path(name).name) for name in info.files)
        else:
            stored.update((f"{OUTPUT_FOLDER}/{name}", data) for name, data in files.items())
    if store and not problems and store.is_dir():
        _prune(store, used)
    table = ImageTable(dict(sorted(images.items())), stored, encoded=len(todo), refused=frozenset(refused))
    return table, problems


def _read(site: Path, label: str) -> bytes:
    path = site / label
    content_root = (site / CONTENT).resolve()
    if not path.resolve().is_relative_to(content_root):
        raise ImageProblem("is a link that leads outside content/; replace it with the file itself")
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise ImageProblem(f"is larger than {MAX_IMAGE_BYTES // 2**20} MB; make it smaller")
        return path.read_bytes()
    except OSError as exc:
        raise ImageProblem(f"cannot be read: {exc.strerror}") from None


def _cached(folder: Path, label: str, key: str) -> ImageInfo | None:
    """The image stored by an earlier build under ``key``, if it is whole: every file as it was
    written (size and time), read through the one rule for cache files (see stored.py)."""
    try:
        meta = json.loads(stored.read_bytes(folder / INFO_FILE) or b"null")
        info = _info(label, key, meta)
        written = meta["written"]
        for name in info.files:
            found = (folder / Path(name).name).stat()
            if written[Path(name).name] != [found.st_size, found.st_mtime_ns]:
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info


def _store(folder: Path, meta: dict, files: dict[str, bytes]) -> None:
    """Write one image's files into the cache; a folder appears whole or not at all."""
    temporary = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    written = {}
    for name, data in files.items():
        (temporary / name).write_bytes(data)
        found = (temporary / name).stat()
        written[name] = [found.st_size, found.st_mtime_ns]
    stored.write_bytes(
        temporary / INFO_FILE, json.dumps({**meta, "written": written}, sort_keys=True).encode()
    )
    try:
        if folder.exists():  # what was stored there is damaged, or this build would not encode it
            shutil.rmtree(folder)
        os.replace(temporary, folder)
    except OSError:  # another build stored it first
        shutil.rmtree(temporary, ignore_errors=True)


def _prune(store: Path, keep: set[str]) -> None:
    """Forget cached images no longer used, so the cache does not grow forever."""
    for folder in store.iterdir():
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def _info(label: str, key: str, meta: dict) -> ImageInfo:
    """The published files of an image, from the sizes and format found when it was encoded."""
    short, fmt = key[:12], meta["format"]
    width, height = int(meta["width"]), int(meta["height"])

    def variant(suffix: str, ext: str, size: tuple[int, int]) -> Variant:
        return Variant(f"/{OUTPUT_FOLDER}/{short}-{suffix}.{ext}", *size)

    widths = target_widths(width)
    sizes = [(w, scaled_height(width, height, w)) for w in widths]
    return ImageInfo(
        source=label,
        key=short,
        width=width,
        height=height,
        mime=MIME[fmt],
        variants=tuple(variant(str(w), EXTENSION[fmt], (w, h)) for w, h in sizes),
        webp=tuple(variant(str(w), "webp", (w, h)) for w, h in sizes),
        og=variant("og", EXTENSION[fmt], OG_SIZE),
        avatars=tuple(variant(f"sq{s}", EXTENSION[fmt], (s, s)) for s in AVATAR_SIZES),
    )


def target_widths(width: int) -> tuple[int, ...]:
    """The widths to publish: those of WIDTHS not wider than the original, and the original when
    it is narrower than the largest."""
    widths = [w for w in WIDTHS if w < width]
    widths.append(min(width, WIDTHS[-1]))
    return tuple(sorted(set(widths)))


def scaled_height(width: int, height: int, new_width: int) -> int:
    return max(1, round(height * new_width / width))


@lru_cache(maxsize=1)
def _pillow() -> tuple[ModuleType, ModuleType, ModuleType]:
    """Pillow's modules, imported when an image is first encoded: most builds encode none."""
    from PIL import Image, ImageCms, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image, ImageCms, ImageOps


def _encode_all(todo: list[tuple[str, str, bytes]], jobs: int) -> list[tuple[dict, dict[str, bytes]] | str]:
    """Encode images, over a process pool when there are enough to pay for it."""
    if jobs > 1 and len(todo) >= MIN_PARALLEL_IMAGES:
        with fork_pool(min(jobs, len(todo))) as pool:  # only the file bytes travel
            return list(pool.map(_encode_one, todo))
    return [_encode_one(item) for item in todo]


def _encode_one(item: tuple[str, str, bytes]) -> tuple[dict, dict[str, bytes]] | str:
    """Encode one image; a file Pillow cannot read safely gives a message instead."""
    label, key, data = item
    try:
        return encode(data, key[:12])
    except ImageProblem as exc:
        return str(exc)


def encode(data: bytes, short: str) -> tuple[dict, dict[str, bytes]]:
    """All published files of one image (file name -> bytes) and its upright size and format."""
    Image, _, ImageOps = _pillow()
    picture, fmt = open_upright(data)
    files: dict[str, bytes] = {}
    ext = EXTENSION[fmt]
    for width in target_widths(picture.width):
        size = (width, scaled_height(picture.width, picture.height, width))
        resized = picture if size == picture.size else picture.resize(size, Image.Resampling.LANCZOS)
        files[f"{short}-{width}.{ext}"] = save(resized, fmt)
        files[f"{short}-{width}.webp"] = save(resized, "WEBP")
    files[f"{short}-og.{ext}"] = save(ImageOps.fit(picture, OG_SIZE, Image.Resampling.LANCZOS), fmt)
    for side in AVATAR_SIZES:
        # Portraits keep the face: the crop sits a little above the centre.
        square = ImageOps.fit(picture, (side, side), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
        files[f"{short}-sq{side}.{ext}"] = save(square, fmt)
    return {"format": fmt, "width": picture.width, "height": picture.height}, files


def open_upright(data: bytes) -> tuple[Image.Image, str]:
    """Decode the whole image, turned upright and in sRGB, with no metadata left on it.

    Returns the image and the format to publish it in: JPEG stays JPEG, PNG
    stays PNG; other formats become PNG when they have transparency or a
    palette (GIF, most drawings), else JPEG. Animated images keep their first frame.
    """
    Image, _, ImageOps = _pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as original:
                # Before decoding: a sliver millions of pixels long fits the pixel limit
                # yet takes gigabytes to resize.
                if max(original.size) > MAX_SIDE:
                    width, height = original.size
                    raise ImageProblem(
                        f"is {width} × {height} pixels; a side longer than {MAX_SIDE:,} pixels is refused: "
                        "crop or scale the image down"
                    )
                original.load()
                source_format = original.format or ""
                icc = original.info.get("icc_profile")
                has_alpha = original.mode in ("RGBA", "LA", "PA", "P") or "transparency" in original.info
                upright = ImageOps.exif_transpose(original)
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(
            f"claims more than {MAX_PIXELS // 1_000_000} million pixels (a possible decompression bomb); "
            "make the image smaller"
        ) from None
    except Image.UnidentifiedImageError:
        raise ImageProblem(
            "is not an image that can be read (JPEG, PNG, GIF, WebP, BMP or TIFF); save it again as JPEG or PNG"
        ) from None
    except Exception as exc:  # noqa: BLE001 - Pillow's readers raise many kinds on damaged files
        raise ImageProblem(
            f"cannot be read as an image: it is damaged or cut short ({exc}); save it again as JPEG or PNG"
        ) from None
    if source_format == "JPEG":
        fmt = "JPEG"
    elif source_format == "PNG" or has_alpha:
        fmt = "PNG"
    else:
        fmt = "JPEG"
    upright = _to_srgb(upright, icc, keep_alpha=fmt == "PNG")
    upright.info = {}  # nothing of the original's metadata may reach the output
    return upright, fmt


def _to_srgb(picture: Image.Image, icc: bytes | None, keep_alpha: bool) -> Image.Image:
    """Colours converted to sRGB (the web's default), in a mode the output format can hold.

    The converted image carries no profile: browsers assume sRGB. A profile
    LittleCMS cannot use leaves the colours as they are.
    """
    mode = "RGBA" if keep_alpha and picture.mode in ("RGBA", "LA", "PA", "P") else "RGB"
    _, ImageCms, _ = _pillow()
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted: Image.Image = ImageCms.profileToProfile(
                picture, profile, ImageCms.createProfile("sRGB"), outputMode=mode
            )
            return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return picture.convert(mode)


def save(picture: Image.Image, fmt: str) -> bytes:
    """Encode without metadata: no ``exif``, ``icc_profile``, ``pnginfo`` or comment is passed on."""
    if fmt == "WEBP" and picture.mode not in ("RGB", "RGBA"):
        picture = picture.convert("RGB")
    options = {"JPEG": JPEG_OPTIONS, "PNG": PNG_OPTIONS, "WEBP": WEBP_OPTIONS}[fmt]
    buffer = io.BytesIO()
    picture.info = {}
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


class FileWriter(Protocol):
    """What ``publish`` needs of the writer (output/write.py), which this stage does not import."""

    def put(self, relative: str, data: bytes) -> bool: ...

    def copy(self, source: Path, relative: str) -> bool: ...


def publish(writer: FileWriter, table: ImageTable) -> Iterator[bool]:
    """Put every processed file into the output; yields True for each file written anew."""
    for name, kept in sorted(table.stored.items(), key=lambda item: item[0]):
        if isinstance(kept, bytes):
            yield writer.put(name, kept)
        else:
            yield writer.copy(kept, name)


def check_references(records: Iterable[Article | Profile], table: ImageTable) -> list[ContentError]:
    """Every ``image:`` of ``records`` must name an image of the site: path:line otherwise."""
    problems = []
    for record in records:
        ref = record.image
        if (
            ref is not None
            and not table.find(record.path, ref.src)
            and not table.refuses(record.path, ref.src)
        ):
            problems.append(ContentError(record.path, ref.line, missing_message(ref.src)))
    return problems
