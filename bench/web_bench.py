#!/usr/bin/env python3
"""The web edition's budgets, measured and printed (a benchmark, not a test: no thresholds).

usage: bench/web_bench.py SITE_DIR [MAILSIM_GUI] [--frames N] [--scenario NAME] [--loads K] [--runs R]
                         [--warmup W]

Prints:
  size:   mailsim.wasm and mailsim.js, raw and gzipped (budget: <= 6 MB raw, <= 2 MB gzipped),
          and mailsim.data (scenarios, lessons, fonts), which the page also downloads;
  load:   page load to the first frame drawn, in Debian's headless Chromium (SwiftShader
          WebGL), K loads of the default page on a fresh profile (budget: <= 2 s);
  frames: R rounds, each of ?scenario=NAME&bench-frames=N, the browser twin of
          `mailsim-gui --bench-frames N`, whose line (frames=N p50_ms=X p99_ms=Y jump_ms=Z)
          the page prints to its console, then of the desktop window's own line on the same
          scenario (MAILSIM_GUI, under xvfb-run when there is no display), and the ratio of
          the two p99 in that round (budget: <= 3); then the medians over the rounds.
          W warm-up rounds (default 1) come first, printed but not counted: Chromium
          compiles the WebAssembly as its functions are first called (the first frame and
          the first switch to each view then cost 5 to 30 ms once per browser profile, the
          compiled code being kept), where the desktop's machine code was compiled ahead.
          Both draw the same pixels: the page's viewport is the desktop window's 1280x800 at
          a device pixel ratio of 1 (headless Chromium's 1280x800 window would leave the page
          1280x657), and the page runs without ?test=1 (whose widget locator, for the
          browser test, the desktop does not have). The site is served cross-origin isolated,
          so that the page's clock counts in steps of 5 us instead of 100 us.
"""

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
from devtools import Browser, Site  # noqa: E402

FIGURES = re.compile(r"frames=\d+ p50_ms=([\d.]+) p99_ms=([\d.]+) jump_ms=([\d.]+)")


def mb(n):
    return f"{n / 1e6:.2f} MB"


def sizes(site):
    total_raw = total_gz = 0
    for name in ("mailsim.wasm", "mailsim.js"):
        data = open(os.path.join(site, name), "rb").read()
        gz = len(gzip.compress(data, 9))
        total_raw, total_gz = total_raw + len(data), total_gz + gz
        print(f"size: {name} {mb(len(data))} raw, {mb(gz)} gzipped")
    print(f"size: mailsim.wasm + mailsim.js {mb(total_raw)} raw (budget 6 MB), {mb(total_gz)} gzipped (budget 2 MB)")
    data = os.path.getsize(os.path.join(site, "mailsim.data"))
    print(f"size: mailsim.data (scenarios, lessons, fonts) {mb(data)} raw")


def first_frame_ms(browser, url):
    """Milliseconds from the navigation's start to the page's ready() (after the first frame)."""
    browser.evaluate("window.previousPage = true")
    browser.page.call("Page.navigate", url=url)
    browser.wait_for("!window.previousPage && window.mailsim && window.mailsim.readyAt", timeout=120, what="first frame")
    return browser.evaluate("window.mailsim.readyAt")


def browser_frames(browser, url):
    """The page's figures line and its events= line, after the bench it runs on load."""
    browser.page.events.clear()
    t0 = time.time()
    browser.page.call("Page.navigate", url=url)
    line = None
    while not line and time.time() - t0 < 900:
        browser.page.wait_event(900)  # the bench holds the page's thread: only listen
        line = next((ln for ln in browser.page.console_lines() if FIGURES.search(ln)), None)
    loaded = next((ln for ln in browser.page.console_lines() if ln.startswith("events=")), "")
    return line, loaded


def desktop_frames(gui, scenario, frames):
    cmd = [gui, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios", scenario + ".json"),
           "--bench-frames", str(frames)]
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *cmd]
    return " ".join(subprocess.run(cmd, capture_output=True, text=True).stdout.split())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("site")
    p.add_argument("gui", nargs="?", help="the desktop mailsim-gui, for its --bench-frames figures")
    p.add_argument("--frames", type=int, default=600)
    p.add_argument("--scenario", default="load-10k")
    p.add_argument("--loads", type=int, default=3)
    p.add_argument("--runs", type=int, default=3, help="rounds of browser then desktop frames (default 3)")
    p.add_argument("--warmup", type=int, default=1, help="rounds run first and not counted (default 1)")
    a = p.parse_args()
    sizes(a.site)
    site, browser = Site(os.path.abspath(a.site), isolated=True), Browser()
    figures = {"browser": [], "desktop": [], "ratio": []}
    try:
        browser.page.call("Emulation.setDeviceMetricsOverride", width=1280, height=800, deviceScaleFactor=1, mobile=False)
        loads = [first_frame_ms(browser, f"{site.url}?scenario=basic-smtp&test=1&load={i}") for i in range(a.loads)]
        print(f"load: first frame after {loads[0]:.0f} ms (first load), median of {len(loads)} "
              f"{statistics.median(loads):.0f} ms (budget 2000 ms)")
        for run in range(1 - a.warmup, a.runs + 1):
            name = f"round {run}" if run > 0 else f"warm-up round {run + a.warmup} (not counted)"
            line, loaded = browser_frames(browser, f"{site.url}?scenario={a.scenario}&bench-frames={a.frames}&run={run}")
            print(f"frames: {name} browser {a.scenario}: {loaded} {line or 'no figures (timed out)'}")
            if not line:
                break
            browser_figures = [float(v) for v in FIGURES.search(line).groups()]
            out = desktop_frames(a.gui, a.scenario, a.frames) if a.gui else ""
            desktop = FIGURES.search(out)
            if a.gui:
                print(f"frames: {name} desktop {a.scenario}: {out}")
            if desktop:
                ratio = browser_figures[1] / max(float(desktop.group(2)), 1e-6)
                print(f"frames: {name} p99 browser / desktop = {ratio:.2f} (budget 3)")
            if run <= 0:
                continue
            figures["browser"].append(browser_figures)
            if desktop:
                figures["desktop"].append([float(v) for v in desktop.groups()])
                figures["ratio"].append(ratio)
    finally:
        browser.close()
        site.close()
    for side in ("browser", "desktop"):
        if figures[side]:
            p50, p99, jump = (statistics.median(v[k] for v in figures[side]) for k in range(3))
            print(f"frames: {side} medians of {len(figures[side])} rounds: p50_ms={p50:.3f} p99_ms={p99:.3f} jump_ms={jump:.3f}")
    if figures["ratio"]:
        print(f"frames: p99 browser / desktop, median of {len(figures['ratio'])} same-round ratios = "
              f"{statistics.median(figures['ratio']):.2f} (budget 3; each round: "
              f"{', '.join(f'{r:.2f}' for r in figures['ratio'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
