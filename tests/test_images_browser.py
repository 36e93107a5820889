"""The sample's images in a real Chromium, at phone and desktop widths: loaded, in place, no shift.

Set DOSSIER_SCREENSHOTS=<folder> to keep the screenshots for a look.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {
    "article-lead": "2020/01/08/iran-missiles-ain-al-asad-erbil/index.html",
    "article-body-chart": "2020/02/10/brain-injury-count-reaches-109/index.html",
    "figure": "figures/qassem-soleimani/index.html",
    "figures": "figures/index.html",
    "topics": "topics/index.html",
    "home": "index.html",
}
WIDTHS = {"phone": 360, "desktop": 1280}
# Cumulative layout shift, collected from the first paint on.
WATCH_SHIFTS = """
window.__shift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""
CHECK = """
async () => {
  for (let y = 0; y < document.body.scrollHeight; y += 400) { window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30)); }
  window.scrollTo(0, 0);
  const images = [...document.images];
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  return {
    overflow: document.scrollingElement.scrollWidth - document.documentElement.clientWidth,
    shift: window.__shift,
    images: images.map(img => ({
      src: img.currentSrc, natural: img.naturalWidth,
      width: img.getBoundingClientRect().width, height: img.getBoundingClientRect().height,
      ratio: img.width / img.height, attrRatio: img.getAttribute("width") / img.getAttribute("height"),
      fit: getComputedStyle(img).objectFit, inPicture: img.parentElement.tagName === "PICTURE",
    })),
  };
}
"""


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_sample_images_load_fit_and_do_not_shift_the_page(sample_build, browser, name, device, tmp_path):
    folder = Path(os.environ.get("DOSSIER_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    result = _load(browser, sample_build / PAGES[name], WIDTHS[device], folder / f"{name}-{device}.png")
    if result["shift"] >= 0.05:  # a shift the page makes, it makes on every load; a busy machine's, once
        result = _load(browser, sample_build / PAGES[name], WIDTHS[device], folder / f"{name}-{device}.png")
    assert result["images"], f"{name} shows no image"
    assert result["overflow"] <= 0, f"{name} is wider than a {WIDTHS[device]} px screen"
    assert result["shift"] < 0.05, result["shift"]
    for image in result["images"]:
        assert image["natural"] > 0, image  # the file was found and decoded
        assert image["width"] <= WIDTHS[device]
        if image["fit"] != "cover":  # cropped thumbnails aside, the shape is the image's own
            assert image["ratio"] == pytest.approx(image["attrRatio"], rel=0.02), image
        if image["inPicture"]:
            assert image["src"].endswith(".webp"), image  # Chromium takes the WebP source


def _load(browser, file: Path, width: int, screenshot: Path) -> dict:
    """Load ``file`` in a fresh browser context ``width`` pixels wide; what CHECK finds."""
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=2)
    try:
        page = context.new_page()
        page.add_init_script(WATCH_SHIFTS)
        page.goto(file.as_uri(), wait_until="load")
        result = page.evaluate(CHECK)
        page.screenshot(path=str(screenshot), full_page=False)
    finally:
        context.close()
    return result
