#!/usr/bin/env python3
"""The web edition in a real browser: Debian's headless Chromium, driven over DevTools.

usage: test_browser.py SITE_DIR MAILSIM_CLI SCENARIOS_DIR OUT_DIR

SITE_DIR is build-web/ (./mailsim.sh web builds it), MAILSIM_CLI the desktop `mailsim`,
whose output is the reference. The page is opened with ?test=1, so it keeps no settings and
locates its widgets by label (web/item_locator.hpp): the test clicks menus and buttons, and
types, as a user does. Checked, in order:
  1. a deep link (?scenario=mx-fallback&step=12&view=sequence) shows step 12, whose event
     line is line 12 of `mailsim run`; → steps to 13, still `mailsim run`'s line;
  2. Language > Français: the line is `mailsim run --lang fr`'s;
  3. Exporter > Trace (JSON): the downloaded file is byte for byte `mailsim run --trace`'s;
  4. File > Copy a link: the link names the scenario, the step and the language;
  5. a broken scenario opened from the disk (the page's file input) shows the CLI's
     file:line:col message; a good one then opens; ?scenario=URL fetches and opens one;
  6. ?lesson=06-dns-mx&step=3 (where the message goes when the first MX does not answer):
     clicking the answer soleil.uvsq.fr gets "correct".
Screenshots (OUT_DIR/*.png) must show something and differ between steps.
Exit 0 if all hold, 1 otherwise, 77 if chromium is not installed.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from devtools import Browser, Site, png_pixels  # noqa: E402

SCENARIO = "mx-fallback"
SELF_CONTAINED = "all-mx-down"  # names no message file: it opens from anywhere
BROKEN = '{\n  "name": "broken",\n  "hosts": [\n    {"name": "a.example" "role": "mta"}\n  ]\n}\n'


class Check:
    def __init__(self):
        self.failures = 0

    def __call__(self, ok, what, detail=""):
        print(("PASS " if ok else "FAIL ") + what + ("" if ok or not detail else f"\n     {detail}"), flush=True)
        if not ok:
            self.failures += 1
        return ok


def cli_lines(cli, scenario, *args):
    """The event lines `mailsim run` prints: after the heading and a blank line, before the expectations."""
    out = subprocess.run([cli, "run", scenario, *args], capture_output=True, text=True, check=True).stdout
    body = out.split("\n\n== expectations")[0]
    if body.startswith("== "):  # the scenario's name, title and description
        body = body.split("\n\n", 1)[1]
    return body.split("\n")


class Page:
    """The window in the page: its state, its widgets, the keyboard and the mouse."""

    def __init__(self, browser, site):
        self.b, self.site = browser, site

    def open(self, query):
        self.b.evaluate("window.previousPage = true")
        self.b.page.call("Page.navigate", url=self.site.url + "?" + query + "&test=1")
        self.b.wait_for("!window.previousPage && typeof Module !== 'undefined' && Module.calledRun && JSON.parse(Module.ccall("
                        "'mailsim_state', 'string', [], [])).frames > 3", timeout=120, what="the window's first frames")

    def state(self):
        return json.loads(self.b.evaluate("Module.ccall('mailsim_state', 'string', [], [])"))

    def frames(self, n=3):
        """Waits until n more frames have been drawn."""
        target = self.state()["frames"] + n
        self.b.wait_for(f"JSON.parse(Module.ccall('mailsim_state', 'string', [], [])).frames >= {target}", what="frames")

    def key(self, key, code, keycode):
        self.b.page.call("Input.dispatchKeyEvent", type="keyDown", key=key, code=code,
                         windowsVirtualKeyCode=keycode, nativeVirtualKeyCode=keycode)
        self.frames(2)  # ImGui 1.86 sees a key only while it is down during a frame
        self.b.page.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code,
                         windowsVirtualKeyCode=keycode, nativeVirtualKeyCode=keycode)
        self.frames(1)

    def click(self, label, window=""):
        found = self.b.wait_for(f"Module.ccall('mailsim_item_rect', 'string', ['string', 'string'], "
                                f"[{json.dumps(label)}, {json.dumps(window)}])", timeout=20, what=f"the item {label!r}")
        r, ratio = json.loads(found), self.b.evaluate("window.devicePixelRatio")
        x, y = (r["x"] + r["w"] / 2) / ratio, (r["y"] + r["h"] / 2) / ratio
        self.b.page.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        self.frames(2)
        self.b.page.call("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left", clickCount=1)
        self.frames(2)
        self.b.page.call("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left", clickCount=1)
        self.frames(3)


def screenshot_check(check, data, name):
    width, height, rows = png_pixels(data)
    colors = {row[i:i + 4] for row in rows[::8] for i in range(0, len(row), 32)}
    check(width >= 640 and height >= 400 and len(colors) > 20, f"screenshot {name} shows the window",
          f"{width}x{height}, {len(colors)} colours sampled")
    return rows


def main(argv):
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    site_dir, cli, scenarios, out_dir = (os.path.abspath(a) for a in argv[1:])
    if not shutil.which("chromium"):
        print("chromium not found: install the Debian package chromium (./mailsim.sh installs it)")
        return 77
    os.makedirs(out_dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="mailsim-web-test-")
    check = Check()
    scenario_file = os.path.join(scenarios, SCENARIO + ".json")
    en, fr = cli_lines(cli, scenario_file), cli_lines(cli, scenario_file, "--lang", "fr")
    extra = os.path.join(work, "extra")
    os.makedirs(extra)
    shutil.copy(os.path.join(scenarios, SELF_CONTAINED + ".json"), os.path.join(extra, "from-url.json"))
    site, browser = Site(site_dir, extra), Browser()
    try:
        page = Page(browser, site)
        t0 = time.time()
        page.open(f"scenario={SCENARIO}&step=12&lang=en&view=sequence")
        print(f"     (page loaded and drawn in {time.time() - t0:.1f}s)")
        s = page.state()
        check(s["scenario"] == f"scenarios/{SCENARIO}.json" and s["step"] == 12, "deep link opens the scenario at step 12",
              str(s))
        check(s["line"] == en[11], "step 12 shows mailsim run's 12th line", f"{s['line']!r} != {en[11]!r}")
        shot12 = screenshot_check(check, browser.screenshot(os.path.join(out_dir, "web-step12.png")), "step 12")

        page.key("ArrowRight", "ArrowRight", 39)
        s = page.state()
        check(s["step"] == 13 and s["line"] == en[12], "→ steps to 13, mailsim run's 13th line", str(s))
        shot13 = screenshot_check(check, browser.screenshot(os.path.join(out_dir, "web-step13.png")), "step 13")
        check(shot12 != shot13, "the screenshots of steps 12 and 13 differ")

        page.click("Language", "##MainMenuBar")
        page.click("Français", "##Menu_")
        s = page.state()
        check(s["lang"] == "fr" and s["line"] == fr[12], "Français: mailsim run --lang fr's line", str(s))
        browser.screenshot(os.path.join(out_dir, "web-fr.png"))

        downloads = os.path.join(work, "downloads")
        browser.browser.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=downloads)
        page.click("Exporter", "##MainMenuBar")
        page.click("Trace (JSON)…", "##Menu_")
        page.click("Exporter", "Exporter###")
        expected = os.path.join(work, "cli-trace.json")
        subprocess.run([cli, "run", scenario_file, "--trace", expected, "--mask-passwords"], capture_output=True, check=True)
        got = os.path.join(downloads, f"{SCENARIO}-trace.json")
        deadline = time.time() + 30
        while not os.path.exists(got) and time.time() < deadline:
            time.sleep(0.2)
        check(os.path.exists(got) and open(got, "rb").read() == open(expected, "rb").read(),
              "the exported trace downloads, equal to mailsim run --trace's", f"{got} exists: {os.path.exists(got)}")

        page.click("Fichier", "##MainMenuBar")
        page.click("Copier un lien vers cette étape", "##Menu_")
        link = browser.wait_for("window.mailsim.lastLink", what="the copied link")
        check(link.endswith(f"?scenario={SCENARIO}&step=13&lang=fr"), "copy link names scenario, step and language", link)

        broken = os.path.join(work, "broken.json")
        with open(broken, "w") as f:
            f.write(BROKEN)
        os.makedirs(os.path.join(work, "opened"))
        shutil.copy(broken, os.path.join(work, "opened", "broken.json"))
        cli_error = subprocess.run([cli, "run", "opened/broken.json"], cwd=work, capture_output=True, text=True)
        expected_error = next((ln for ln in cli_error.stderr.splitlines() if ln.startswith("opened/broken.json:")), "")
        doc = browser.page.call("DOM.getDocument")["root"]["nodeId"]
        node = browser.page.call("DOM.querySelector", nodeId=doc, selector="#file")["nodeId"]
        browser.page.call("DOM.setFileInputFiles", nodeId=node, files=[broken])
        browser.wait_for("JSON.parse(Module.ccall('mailsim_state', 'string', [], [])).errors.length > 0",
                         what="the broken scenario's errors")
        s = page.state()
        check(expected_error != "" and expected_error in s["errors"],
              "a broken scenario from the disk shows the CLI's file:line:col message",
              f"window: {s['errors']}, CLI: {expected_error!r}")
        check(s["scenario"] == f"scenarios/{SCENARIO}.json", "... and the previous scenario stays loaded", str(s))
        page.frames(3)
        browser.screenshot(os.path.join(out_dir, "web-broken.png"))
        good = os.path.join(work, "mine.json")
        shutil.copy(os.path.join(scenarios, SELF_CONTAINED + ".json"), good)
        browser.page.call("DOM.setFileInputFiles", nodeId=node, files=[good])
        browser.wait_for("JSON.parse(Module.ccall('mailsim_state', 'string', [], [])).scenario === 'opened/mine.json'",
                         what="the scenario opened from the disk")
        check(True, "a scenario opened from the disk loads")

        page.open("scenario=/extra/from-url.json&step=3&lang=en")
        s = page.state()
        check(s["scenario"] == "opened/from-url.json" and s["step"] == 3, "?scenario=URL fetches and opens it", str(s))

        page.open("lesson=06-dns-mx&step=3&lang=en")
        browser.wait_for("JSON.parse(Module.ccall('mailsim_state', 'string', [], [])).lesson.id === '06-dns-mx'",
                         what="the lesson")
        page.frames(5)
        s = page.state()
        check(s["lesson"]["step"] == 3 and s["scenario"].endswith(f"scenarios/{SCENARIO}.json"),
              "?lesson=06-dns-mx&step=3 opens the lesson's step and its scenario", str(s))
        page.click("soleil.uvsq.fr", "Lesson")  # the step's options are buttons: the next MX is the answer
        s = page.state()
        check(s["lesson"].get("correct") is True, "answering the question (the backup MX): correct", str(s["lesson"]))
        browser.screenshot(os.path.join(out_dir, "web-lesson.png"))
        errors = [e for e in browser.page.events if e["method"] == "Runtime.exceptionThrown"]
        check(not errors, "no JavaScript exception", str(errors[:2]))
    finally:
        browser.close()
        site.close()
        shutil.rmtree(work, ignore_errors=True)
    print("browser test: " + ("all passed" if check.failures == 0 else f"{check.failures} failed"))
    return 0 if check.failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
