"""One folder of the output as a writer of its own: a language's tree (``fa/``) of a site in two
languages, written through the one writer of the build, so that all of them are swapped in at once.

A ``Subtree`` is a ``Writer`` whose names are relative to its folder: the pages,
the search index and the static files of a tree are written exactly as those of
a site in one language. It begins with what the build's writer knows of that
folder (in the output, in the spare, and what its pages were made of) and gives
back, in ``merge``, what it wrote and stamped. Between the two, nothing else
writes into its folder.
"""

from __future__ import annotations

from generator.output.write import Manifest, Writer


class Subtree(Writer):
    """The files of ``folder`` (``"fa/"``; ``""`` for the root, less the ``others``' folders)."""

    def __init__(self, writer: Writer, folder: str, made_of: object, others: tuple[str, ...] = ()):
        # Not Writer.__init__: the build's writer has prepared the spare; this one shares it.
        writer.begin()
        self.parent, self.folder, self.others = writer, folder, others
        self.output = writer.output / folder if folder else writer.output
        self.staging = writer.staging / folder if folder else writer.staging
        self.state_file = writer.state_file
        self.retired = writer.retired
        self._staging = str(self.staging)
        self._made = set()
        self._known = False
        self.previous = self._mine(writer.previous)
        self.made_of = made_of
        self.spare = self._mine(writer.spare)
        self.stamps = self._mine(writer.stamps)
        self._emptied = writer._emptied  # noqa: SLF001 - the same spare, in the same state
        self._started = True
        self._linking = None

    def _owns(self, name: str) -> bool:
        return name.startswith(self.folder) and not any(name.startswith(other) for other in self.others)

    def _mine(self, manifest: Manifest) -> Manifest:
        cut = len(self.folder)
        return {name[cut:]: stamp for name, stamp in manifest.items() if self._owns(name)}

    def merge(self) -> None:
        """Give the build's writer what this tree is made of, and what its spare now holds."""
        parent = self.parent
        parent.stamps.update({self.folder + name: stamp for name, stamp in self.stamps.items()})
        for name in [name for name in parent.spare if self._owns(name)]:
            del parent.spare[name]
        parent.spare.update({self.folder + name: stamp for name, stamp in self.spare.items()})

    def commit(self, made_of: object = None) -> None:
        raise TypeError("a subtree is committed by the build's writer, after merge()")

    def abort(self) -> None:
        self.parent.abort()
