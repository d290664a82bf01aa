#!/usr/bin/env python3
"""Checks that no folder of sim/ or gui/ includes a folder above it.

Theory of operation: layers.txt (at the repository's top) lists the folders from the
bottom up, one line per layer; a folder may include its own headers and those of folders
in lower layers, never those of a folder in its own layer or above (folders joined by +
are one unit whose folders may include one another). Each `#include "a/b.hpp"` is
resolved as the compiler does: from gui/ first for a file of gui/, then from sim/; an
include that names no file of the repository (a system header) is not checked. A folder
that layers.txt does not place is an error too, so a new folder gets a place in the
order. sim/CMakeLists.txt reads the same file for its libraries, so the include lines and
the link lines follow one order. The picture, docs/architecture.mmd, is checked against
the same include lines: a box per folder, an arrow only where a folder includes another,
and every include reachable along the arrows. Headers include <nlohmann/json_fwd.hpp>,
not the whole library (FULL_JSON_HEADERS excepted). Usage: check_layers.py [REPOSITORY];
exit 1 with one line per upward include or disagreement.
"""
import pathlib
import re
import sys


def read_layers(path):
    """layers.txt -> [[folder or (folder, ...) unit, ...], ...], from the bottom up."""
    layers = []
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            layers.append([tuple(w.split("+")) if "+" in w else w for w in words])
    return layers


INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
FULL_JSON = re.compile(r'^\s*#\s*include\s+<nlohmann/json\.hpp>')
# The folders whose headers may include the whole of nlohmann/json (the scenario loader's
# reader; lessons, whose steps hold scenario edits as JSON); every other header includes
# <nlohmann/json_fwd.hpp>, and the .cpp files that read or write JSON include the rest.
FULL_JSON_HEADERS = {"scenario", "lesson"}


def places(layers):
    """Folder -> (layer index, unit)."""
    where = {}
    for rank, layer in enumerate(layers):
        for unit in layer:
            for folder in unit if isinstance(unit, tuple) else (unit,):
                where[folder] = (rank, unit)
    return where


def folder_of(path, top):
    """'sim/mail/node.cpp' -> 'mail'; 'gui/app/app.cpp' -> 'gui/app'; 'gui/main.cpp' -> 'gui'."""
    parts = path.relative_to(top).parts
    if parts[0] == "sim":
        return parts[1]
    return "/".join(parts[:-1])


def resolve(include, source, top):
    """The folder (as folder_of names it) of the file an include names, or None."""
    roots = ["gui", "sim"] if source.relative_to(top).parts[0] == "gui" else ["sim"]
    for root in roots:
        target = top / root / include
        if target.is_file():
            return folder_of(target, top)
    return None


def check(top, uses):
    """The upward includes; fills uses (folder -> the other folders it includes)."""
    where = places(read_layers(top / "layers.txt"))
    errors = []
    for root in ("sim", "gui"):
        for source in sorted((top / root).rglob("*")):
            if source.suffix not in (".hpp", ".cpp", ".h") or not source.is_file():
                continue
            mine = folder_of(source, top)
            if mine not in where:
                errors.append(f"{source.relative_to(top)}: folder {mine} has no place in layers.txt")
                continue
            rank, unit = where[mine]
            for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
                if source.suffix != ".cpp" and mine not in FULL_JSON_HEADERS and FULL_JSON.match(line):
                    errors.append(f"{source.relative_to(top)}:{number}: a header includes <nlohmann/json.hpp>: "
                                  "include <nlohmann/json_fwd.hpp> and the whole of it in the .cpp files that need it")
                m = INCLUDE.match(line)
                if not m:
                    continue
                theirs = resolve(m.group(1), source, top)
                if theirs is None or theirs == mine:
                    continue
                uses.setdefault(mine, set()).add(theirs)
                if theirs not in where:
                    errors.append(f"{source.relative_to(top)}:{number}: includes {m.group(1)} from folder {theirs}, "
                                  "which has no place in layers.txt")
                    continue
                their_rank, their_unit = where[theirs]
                if their_unit != unit and their_rank >= rank:
                    how = "the same layer as" if their_rank == rank else "a layer above"
                    errors.append(f"{source.relative_to(top)}:{number}: {mine} includes {m.group(1)}, "
                                  f"but {theirs} is in {how} {mine}: move the shared code down")
    return errors


NODE = re.compile(r'^\s*(\w+)\["([^"<]+)')
ARROW = re.compile(r"-->")


def check_picture(top, picture, uses):
    """The picture (Mermaid) against the code: each box names folders ("sim/mail",
    "gui/app + gui/panels", "gui/main.cpp"); an arrow A --> B needs A to include B, and
    every include between boxes must follow the arrows (directly or through other boxes)."""
    where = places(read_layers(top / "layers.txt"))
    name = picture.relative_to(top)
    boxes, arrows, errors = {}, {}, []
    for number, line in enumerate(picture.read_text(encoding="utf-8").splitlines(), 1):
        m = NODE.match(line)
        if m and "-->" not in line:
            folders = []
            for path in m.group(2).split("+"):
                path = path.strip()
                folder = folder_of(top / path, top) if path.endswith(".cpp") else \
                    path.removeprefix("sim/") if path.startswith("sim/") else path
                if folder not in where:
                    errors.append(f"{name}:{number}: box {m.group(1)} names {path}, which has no place in layers.txt")
                folders.append(folder)
            boxes[m.group(1)] = folders
        elif "-->" in line:
            ends = [part.split("&") for part in ARROW.split(line.split("%%")[0])]
            for left, right in zip(ends, ends[1:]):
                for a in left:
                    for b in right:
                        arrows.setdefault(a.strip(), set()).add((b.strip(), number))
    box_of = {folder: box for box, folders in boxes.items() for folder in folders}
    for folder in where:
        if folder not in box_of:
            errors.append(f"{name}: no box for {folder} (layers.txt places it)")
    for a, targets in arrows.items():
        for b, number in targets:
            if a not in boxes or b not in boxes:
                errors.append(f"{name}:{number}: arrow {a} --> {b} between unknown boxes")
            elif not any(theirs in boxes[b] for mine in boxes[a] for theirs in uses.get(mine, ())):
                errors.append(f"{name}:{number}: arrow {a} --> {b}, but no file of {a} includes one of {b}")

    def reach(box, seen):
        for b, _ in arrows.get(box, ()):
            if b not in seen:
                seen.add(b)
                reach(b, seen)
        return seen
    for mine, used in sorted(uses.items()):
        for theirs in sorted(used):
            a, b = box_of.get(mine), box_of.get(theirs)
            if a and b and a != b and b not in reach(a, set()):
                errors.append(f"{name}: {mine} includes {theirs}, but no arrow leads from {a} to {b}: draw it")
    return errors


def main():
    top = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    if not (top / "sim").is_dir():
        print(f"check_layers: no sim/ in {top}", file=sys.stderr)
        return 2
    uses = {}
    errors = check(top, uses)
    picture = top / "docs" / "architecture.mmd"
    if picture.is_file():
        errors += check_picture(top, picture, uses)
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
