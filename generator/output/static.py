"""Static files: the theme's assets and ``content/static``, copied as they are."""

from __future__ import annotations

from pathlib import Path

from generator.output.write import Writer


def copy_static(writer: Writer, site: Path, folders: list[Path], static_files: tuple[str, ...]) -> list[bool]:
    """Theme assets go to /assets/ (the site's theme first), content/static to /static/.

    Returns, for each file, whether it was copied (True) or kept from the previous build.
    """
    copied: list[bool] = []
    seen: set[str] = set()
    for folder in folders:
        root = folder / "static"
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and not path.is_symlink() and relative not in seen:
                seen.add(relative)
                copied.append(writer.copy(path, f"assets/{relative}"))
    for relative in static_files:
        copied.append(writer.copy(site / "content" / "static" / relative, f"static/{relative}"))
    return copied
