"""Images: processed, stripped of metadata, upright, responsive, cached, and refused when unsafe."""

from __future__ import annotations

import io
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import article, run_build
from PIL import Image, ImageChops, PngImagePlugin

from generator.content.images import MAX_PIXELS

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="35,41.0N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
RED, BLUE = (220, 20, 20), (20, 40, 200)


class Images(HTMLParser):
    """Every <img> and <source> of a page, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.imgs: list[dict] = []
        self.sources: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.imgs.append(dict(attrs))
        elif tag == "source":
            self.sources.append(dict(attrs))


def images_of(path: Path) -> Images:
    parser = Images()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def widths(srcset: str) -> list[int]:
    return [int(part.split()[1].rstrip("w")) for part in srcset.split(",")]


def png(size: tuple[int, int], colour=BLUE, mode: str = "RGB", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, "PNG", **options)
    return buffer.getvalue()


def camera_jpeg() -> bytes:
    """A 200×100 photo, red in its top-left corner, tagged "rotate 90° clockwise", with GPS and XMP."""
    image = Image.new("RGB", (200, 100), BLUE)
    image.paste(RED, (0, 0, 40, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show rotated 90° clockwise
    exif[0x010F] = "Field camera"
    exif[0x8825] = {1: "N", 2: (35.0, 41.0, 24.0), 3: "E", 4: (51.0, 25.0, 12.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, xmp=XMP, comment=b"taken at the safe house", quality=95)
    return buffer.getvalue()


def photo_site(tiny_site, image_field: str = "{src: photo.jpg, alt: A test photo}", body: str = "Text."):
    return tiny_site(
        {
            "content/articles/2020-01-03-photo.md": article(
                "Photo", "2020-01-03", body, topics=["Iran"], image=image_field
            ),
            "content/articles/photo.jpg": camera_jpeg(),
        }
    )


def test_the_camera_photo_really_carries_gps_orientation_and_xmp():
    with Image.open(io.BytesIO(camera_jpeg())) as image:
        exif = image.getexif()
        assert exif[0x0112] == 6
        assert exif.get_ifd(0x8825)[1] == "N"
        assert "xmp" in image.info and image.info.get("comment")


def test_published_photo_has_no_metadata_and_is_upright(tiny_site, tmp_path):
    out = tmp_path / "out"
    report = run_build(photo_site(tiny_site), output=out)
    assert report.ok, [str(p) for p in report.problems]
    published = sorted((out / "images").iterdir())
    assert len(published) == 5  # one width (100), its WebP, the Open Graph crop, two avatars
    for path in published:
        data = path.read_bytes()
        for secret in (b"Exif", b"GPS", b"Field camera", b"safe house", b"xmpmeta", b"adobe"):
            assert secret not in data, (path.name, secret)
        with Image.open(path) as image:
            assert "exif" not in image.info
            assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info
            assert "comment" not in image.info
            assert len(image.getexif()) == 0
            assert image.getexif().get_ifd(0x8825) == {}
    # Upright: 200×100 turned a quarter clockwise is 100×200, and the red corner is now top-right.
    largest = next(p for p in published if p.name.endswith("-100.jpg"))
    with Image.open(largest) as image:
        assert image.size == (100, 200)
        rgb = image.convert("RGB")
        top_right, top_left = rgb.getpixel((95, 5)), rgb.getpixel((5, 5))
    assert top_right[0] > 180 and top_right[2] < 80, top_right
    assert top_left[2] > 150 and top_left[0] < 80, top_left
    assert not list(out.rglob("photo.jpg")), "the original must never be published"


def test_png_text_chunks_and_exif_are_not_published(tiny_site, tmp_path):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 35.69N 51.39E")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    exif = Image.Exif()
    exif[0x010F] = "Field camera"
    site = tiny_site(
        {
            "content/articles/2020-01-03-map.md": article(
                "Map", "2020-01-03", topics=["Iran"], image="{src: /map.png, alt: A map}"
            ),
            "content/static/map.png": png((640, 400), pnginfo=info, exif=exif),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    for path in (out / "images").iterdir():
        data = path.read_bytes()
        assert b"GPS" not in data and b"Field camera" not in data and b"xmpmeta" not in data
        with Image.open(path) as image:
            assert set(image.info) <= {"dpi", "gamma", "srgb", "loop", "duration", "background"}, image.info
            assert len(image.getexif()) == 0
    assert not (out / "static" / "map.png").exists()


@pytest.mark.parametrize(
    "original, expected",
    [(300, [300]), (1200, [480, 960, 1200]), (1600, [480, 960, 1600]), (2400, [480, 960, 1600])],
)
def test_srcset_lists_only_widths_not_larger_than_the_original(tiny_site, tmp_path, original, expected):
    site = tiny_site(
        {
            "content/articles/2020-01-03-wide.md": article(
                "Wide",
                "2020-01-03",
                "Before.\n\n![A wide drawing](wide.png)\n",
                topics=["Iran"],
                image="{src: wide.png, alt: A wide drawing}",
            ),
            "content/articles/wide.png": png((original, original // 2)),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    page = next(out.rglob("wide/index.html"))
    found = images_of(page)
    assert len(found.imgs) == 2 and len(found.sources) == 2  # the lead image and the body image
    for element in (*found.imgs, *found.sources):
        assert widths(element["srcset"]) == expected
    for img in found.imgs:
        assert (int(img["width"]), int(img["height"])) == (expected[-1], expected[-1] // 2)
        for part in img["srcset"].split(","):
            url, descriptor = part.split()
            with Image.open((page.parent / url).resolve()) as image:
                assert image.width == int(descriptor.rstrip("w"))


def test_lead_image_is_eager_with_caption_and_body_images_are_lazy(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/2020-01-03-map.md": article(
                "Map",
                "2020-01-03",
                "Text.\n\n![Second map](/map.png)\n\n![Remote](https://example.org/x.png)\n",
                topics=["Iran"],
                image='{src: /map.png, alt: First map, caption: The region, credit: "Map: Dossier"}',
            ),
            "content/static/map.png": png((900, 600)),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    page = next(out.rglob("map/index.html"))
    imgs = images_of(page).imgs
    lead, body, remote = imgs
    assert lead["alt"] == "First map" and lead["loading"] == "eager" and lead["fetchpriority"] == "high"
    assert body["alt"] == "Second map" and body["loading"] == "lazy" and body["decoding"] == "async"
    assert remote["src"] == "https://example.org/x.png" and "width" not in remote and "srcset" not in remote
    html = page.read_text()
    assert '<figcaption>The region <span class="credit">Map: Dossier</span></figcaption>' in html


def test_og_image_is_the_absolute_1200_by_630_crop(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/2020-01-03-map.md": article(
                "Map", "2020-01-03", topics=["Iran"], image="{src: /map.png, alt: A map}"
            ),
            "content/static/map.png": png((900, 600)),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out, base_url="https://example.org/d/").ok
    html = next(out.rglob("map/index.html")).read_text()
    start = html.index('<meta property="og:image" content="') + len('<meta property="og:image" content="')
    url = html[start : html.index('"', start)]
    assert url.startswith("https://example.org/d/images/") and url.endswith("-og.png")
    with Image.open(out / url.removeprefix("https://example.org/d/")) as image:
        assert image.size == (1200, 630)
    assert '"image":"https://example.org/d/images/' in html  # JSON-LD too


def test_figure_portrait_on_its_page_and_avatars_in_lists(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/2020-01-03-a.md": article(
                "A", "2020-01-03", topics=["Iran"], figures=["Ann Example"]
            ),
            "content/figures/ann-example.md": "---\nname: Ann Example\nimage: {src: /ann.jpg, alt: Ann}\n---\nBio.\n",
            "content/static/ann.jpg": _jpeg((500, 700)),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    figure_page = images_of(out / "figures/ann-example/index.html").imgs
    assert figure_page[0]["alt"] == "Ann" and figure_page[0]["loading"] == "eager"
    avatars = [img for img in images_of(out / "figures/index.html").imgs if img.get("class") == "avatar"]
    assert len(avatars) == 1 and avatars[0]["alt"] == "" and widths(avatars[0]["srcset"]) == [96, 192]
    with Image.open(out / "figures" / avatars[0]["src"]) as image:
        assert image.size == (96, 96)


def _jpeg(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, RED).save(buffer, "JPEG")
    return buffer.getvalue()


def test_second_build_encodes_nothing_and_keeps_the_files(tiny_site, tmp_path):
    site = photo_site(tiny_site)
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = run_build(site, output=out, cache=True, cache_dir=cache)
    assert first.ok and first.images == 1 and first.encoded == 1
    stored = {p: p.stat().st_mtime_ns for p in (cache / "images").rglob("*") if p.is_file()}
    published = {p.name: p.read_bytes() for p in (out / "images").iterdir()}
    # An edit elsewhere makes the build run (an untouched site returns at once).
    source = site / "content/articles/2020-01-03-photo.md"
    source.write_text(source.read_text().replace("Text.", "Edited text."))
    second = run_build(site, output=out, cache=True, cache_dir=cache)
    assert second.ok and second.images == 1 and second.encoded == 0
    assert {p: p.stat().st_mtime_ns for p in (cache / "images").rglob("*") if p.is_file()} == stored
    assert {p.name: p.read_bytes() for p in (out / "images").iterdir()} == published
    untouched = run_build(site, output=out, cache=True, cache_dir=cache)
    assert untouched.ok and untouched.encoded == 0


def test_a_changed_image_gets_new_urls_and_the_old_files_go(tiny_site, tmp_path):
    site = photo_site(tiny_site)
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert run_build(site, output=out, cache=True, cache_dir=cache).ok
    before = {p.name for p in (out / "images").iterdir()}
    (site / "content/articles/photo.jpg").write_bytes(_jpeg((300, 200)))
    report = run_build(site, output=out, cache=True, cache_dir=cache)
    assert report.ok and report.encoded == 1
    after = {p.name for p in (out / "images").iterdir()}
    assert before.isdisjoint(after)
    page = next(out.rglob("photo/index.html")).read_text()
    assert all(name not in page for name in before)
    assert len(list((cache / "images").iterdir())) == 1  # the old entry was pruned


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width``×``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "data, expected",
    [
        (camera_jpeg()[:400], "cut short"),
        (b"<html>not a picture</html>", "is not an image that can be read"),
        (png_claiming(100_000, 100_000), "decompression bomb"),
        (png_claiming(9_000, 9_000), "decompression bomb"),  # over MAX_PIXELS, under Pillow's own limit
        (png_claiming(64_000_000, 1), "a side longer than 20,000 pixels is refused"),  # within MAX_PIXELS
        (png_claiming(1, 30_000), "1 × 30000 pixels"),
    ],
    ids=["truncated", "not-an-image", "bomb", "just-over-the-limit", "a-sliver", "a-tall-sliver"],
)
def test_unreadable_images_are_errors_naming_the_file_and_nothing_is_written(
    tiny_site, tmp_path, data, expected
):
    assert MAX_PIXELS < 9_000 * 9_000
    site = tiny_site(
        {
            "content/articles/2020-01-03-bad.md": article(
                "Bad", "2020-01-03", topics=["Iran"], image="{src: bad.png, alt: x}"
            ),
            "content/articles/bad.png": data,
        }
    )
    out = tmp_path / "out"
    report = run_build(site, output=out)
    assert not report.ok
    messages = [str(p) for p in report.errors]
    assert len(messages) == 1 and messages[0].startswith("content/articles/bad.png: "), messages
    assert expected in messages[0]
    assert "0x" not in messages[0]  # no object addresses: the same file, the same message
    assert not out.exists()


def test_missing_image_is_an_error_at_the_image_line(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/2020-01-03-a.md": "---\ntitle: A\ndate: 2020-01-03\ntopics: [Iran]\nimage: {src: nowhere.png, alt: x}\n---\n\nText.\n\n![Chart](gone.png)\n",
        }
    )
    report = run_build(site, output=tmp_path / "out")
    assert not report.ok
    messages = [str(p) for p in report.errors]
    assert messages[0].startswith("content/articles/2020-01-03-a.md:5: image `nowhere.png` not found")
    assert messages[1].startswith("content/articles/2020-01-03-a.md:10: image `gone.png` not found")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "field, message",
    [
        (
            "{src: a.png, alt: x, caption: y, credits: z}",
            "unknown field `credits` in `image`: did you mean `credit`?",
        ),
        ("[a.png]", "`image` must be a path"),
        ("{alt: x}", "`image` needs a path"),
        ("{src: ../../site.yaml, alt: x}", "not a JPEG, PNG"),
        ("{src: ../../outside.png, alt: x}", "not found"),
        ("{src: 'https://example.org/a.png', alt: x}", "not a web address"),
    ],
)
def test_bad_image_fields_are_errors_with_their_line(tiny_site, tmp_path, field, message):
    site = tiny_site(
        {
            "content/articles/2020-01-03-a.md": f"---\ntitle: A\ndate: 2020-01-03\ntopics: [Iran]\nimage: {field}\n---\nText.\n",
            "content/articles/a.png": png((10, 10)),
            "outside.png": png((10, 10)),
        }
    )
    report = run_build(site, output=tmp_path / "out")
    assert not report.ok
    assert any(
        str(p).startswith("content/articles/2020-01-03-a.md:5: ") and message in str(p) for p in report.errors
    ), [str(p) for p in report.problems]


def test_a_link_out_of_content_is_not_published(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/2020-01-03-a.md": article(
                "A", "2020-01-03", topics=["Iran"], image="{src: /secret.png, alt: x}"
            ),
            "secret.png": png((10, 10)),
        }
    )
    (site / "content/static").mkdir(parents=True)
    (site / "content/static/secret.png").symlink_to(site / "secret.png")
    report = run_build(site, output=tmp_path / "out")
    assert not report.ok
    assert any("secret.png" in str(p) for p in report.errors)


def test_missing_alt_is_a_warning_and_strict_fails(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/2020-01-03-a.md": "---\ntitle: A\ndate: 2020-01-03\ntopics: [Iran]\nimage: a.png\n---\n\n![](a.png)\n",
            "content/articles/a.png": png((10, 10)),
        }
    )
    report = run_build(site, output=tmp_path / "out")
    assert report.ok
    warnings = [str(p) for p in report.problems if p.warning]
    assert warnings[0].startswith("content/articles/2020-01-03-a.md:5: warning: `image` has no alt text")
    assert warnings[1].startswith(
        "content/articles/2020-01-03-a.md:8: warning: image `a.png` has no alt text"
    )
    strict = run_build(site, output=tmp_path / "strict", strict=True)
    assert not strict.ok and not (tmp_path / "strict").exists()


def test_body_image_warning_is_repeated_by_a_cached_build(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/2020-01-03-a.md": article("A", "2020-01-03", "![](a.png)", topics=["Iran"]),
            "content/articles/a.png": png((10, 10)),
        }
    )
    options = {"output": tmp_path / "out", "cache": True, "cache_dir": tmp_path / "cache"}
    assert len(run_build(site, **options).problems) == 1
    assert len(run_build(site, **options).problems) == 1


def test_gif_becomes_png_and_bmp_becomes_jpeg(tiny_site, tmp_path):
    gif, bmp = io.BytesIO(), io.BytesIO()
    Image.new("P", (64, 32), 1).save(gif, "GIF", transparency=0)
    Image.new("RGB", (64, 32), RED).save(bmp, "BMP")
    site = tiny_site(
        {
            "content/articles/2020-01-03-a.md": article(
                "A", "2020-01-03", "![Gif](a.gif) ![Bmp](b.bmp)", topics=["Iran"]
            ),
            "content/articles/a.gif": gif.getvalue(),
            "content/articles/b.bmp": bmp.getvalue(),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    names = sorted(p.suffix for p in (out / "images").iterdir())
    assert names.count(".png") == 4 and names.count(".jpg") == 4 and names.count(".webp") == 2


def test_every_img_of_the_sample_has_alt_width_and_height(sample_copy, tmp_path):
    out = tmp_path / "out"
    report = run_build(sample_copy, output=out)
    assert report.ok and report.problems == ()
    assert report.images >= 5
    seen = 0
    for page in out.rglob("*.html"):
        for img in images_of(page).imgs:
            seen += 1
            assert "alt" in img, (page, img)
            assert int(img["width"]) > 0 and int(img["height"]) > 0, (page, img)
            assert img["loading"] in ("lazy", "eager") and img["decoding"] == "async"
    assert seen >= 20
    for path in (out / "images").iterdir():
        with Image.open(path) as image:
            assert "exif" not in image.info and len(image.getexif()) == 0
    # The originals in content/static/ are published only in processed form.
    assert not list((out / "static").rglob("*.png")) if (out / "static").exists() else True


def test_processed_images_match_the_original_pixels(tiny_site, tmp_path):
    original = Image.new("RGB", (480, 240), BLUE)
    original.paste(RED, (0, 0, 240, 240))
    buffer = io.BytesIO()
    original.save(buffer, "PNG")
    site = tiny_site(
        {
            "content/articles/2020-01-03-a.md": article(
                "A", "2020-01-03", "![Half red](a.png)", topics=["Iran"]
            ),
            "content/articles/a.png": buffer.getvalue(),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    (published,) = (out / "images").glob("*-480.png")
    with Image.open(published) as image:
        assert ImageChops.difference(image.convert("RGB"), original).getbbox() is None
