#!/usr/bin/env python3
"""Tests check_layers.py on small repositories made in a temporary directory: it passes a
clean one and names each fault it is meant to catch (an upward or sideways include, a
folder layers.txt does not place, a header with the whole of nlohmann/json, a picture
with a missing arrow, a box or an arrow the code does not have). Usage: test_check_layers.py; exit 1 on the first failure."""
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_layers  # noqa: E402

LAYERS = "core  # bottom\nnet store\nmail\n"
PICTURE = """flowchart BT
  core["sim/core"]
  net["sim/net"]
  store["sim/store"]
  mail["sim/mail"]
  mail --> net & store
  net & store --> core
"""
FILES = {
    "sim/core/time.hpp": "#pragma once\n",
    "sim/net/network.hpp": '#include "core/time.hpp"\n',
    "sim/store/box.hpp": '#include "core/time.hpp"\n#include <vector>\n',
    "sim/mail/node.cpp": '#include "net/network.hpp"\n#include "store/box.hpp"\n',
}


def errors_of(changes=None, picture=PICTURE, layers=LAYERS):
    with tempfile.TemporaryDirectory() as d:
        top = pathlib.Path(d)
        (top / "gui").mkdir()
        (top / "docs").mkdir()
        (top / "layers.txt").write_text(layers)
        (top / "docs" / "architecture.mmd").write_text(picture)
        for path, text in {**FILES, **(changes or {})}.items():
            (top / path).parent.mkdir(parents=True, exist_ok=True)
            (top / path).write_text(text)
        uses = {}
        return check_layers.check(top, uses) + check_layers.check_picture(top, top / "docs" / "architecture.mmd", uses)


def expect(what, errors, fragment):
    if not any(fragment in e for e in errors):
        print(f"FAIL {what}: no error with {fragment!r} in {errors}")
        sys.exit(1)
    print(f"ok   {what}")


def main():
    clean = errors_of()
    if clean:
        print(f"FAIL a clean repository gives errors: {clean}")
        return 1
    print("ok   a clean repository passes")
    expect("an upward include", errors_of({"sim/core/up.cpp": '#include "mail/x.hpp"\n', "sim/mail/x.hpp": ""}),
           "sim/core/up.cpp:1: core includes mail/x.hpp, but mail is in a layer above core")
    expect("a sideways include", errors_of({"sim/net/side.cpp": '#include "store/box.hpp"\n'}),
           "but store is in the same layer as net")
    expect("a header with the whole of nlohmann/json", errors_of({"sim/net/wire.hpp": "#include <nlohmann/json.hpp>\n"}),
           "sim/net/wire.hpp:1: a header includes <nlohmann/json.hpp>")
    if errors_of({"sim/net/wire.cpp": "#include <nlohmann/json.hpp>\n", "sim/net/wire.hpp": "#include <nlohmann/json_fwd.hpp>\n"}):
        print("FAIL json_fwd in a header and json.hpp in a .cpp are refused")
        return 1
    print("ok   json_fwd in a header, json.hpp in a .cpp")
    expect("a folder with no place", errors_of({"sim/dns/a.cpp": ""}), "folder dns has no place in layers.txt")
    expect("an include the picture does not draw", errors_of(picture=PICTURE.replace("mail --> net & store", "mail --> net")),
           "mail includes store, but no arrow leads from mail to store")
    expect("an arrow the code does not have", errors_of(picture=PICTURE + "  store --> net\n"),
           "arrow store --> net, but no file of store includes one of net")
    expect("a folder without a box", errors_of(picture=PICTURE.replace('  store["sim/store"]\n', "")),
           "no box for store")
    return 0


if __name__ == "__main__":
    sys.exit(main())
