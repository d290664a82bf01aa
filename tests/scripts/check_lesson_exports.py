#!/usr/bin/env python3
"""Every lesson exported as HTML (student and teacher copies) and all questions as GIFT.

usage: check_lesson_exports.py MAILSIM LESSONS_DIR OUT_DIR

For each lesson of `mailsim lesson list`: the page is one well-formed HTML document (every
tag opened is closed, in order), self-contained (no script, no external src or stylesheet), its
inline SVG diagrams parse as XML, the student copy holds no "Answer:"/"Réponse :" block and
the teacher copy does whenever the lesson asks a question. The GIFT file has one question
per predict step, each with exactly one right answer. Then the student copies are opened in
Debian's headless Chromium and printed to PDF, as a teacher would print it: the PDF must have
pages, and the page Chromium built must hold every SVG diagram of the file. Exit 1 with the
reasons otherwise; 77 when all else holds but chromium is not installed. (The French copies go
to the browser: the English ones are built by the same code, and each Chromium start costs
about two seconds.)
"""
import concurrent.futures
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

VOID = {"meta", "br", "hr", "img", "input", "link"}


class Balance(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (name == "src" or (tag == "link" and name == "href")) and value and not value.startswith("data:"):
                self.external.append(value)
        if tag == "script":
            self.problems.append("a <script>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            return
        self.stack.pop()


def run(mailsim, *args):
    return subprocess.run([mailsim, *args], capture_output=True, text=True)


def open_in_browser(path):
    """Chromium opens the page and prints it; the problems found, as sentences."""
    with tempfile.TemporaryDirectory() as profile:
        pdf = os.path.join(profile, "page.pdf")
        r = subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                            "--user-data-dir=" + profile, "--dump-dom", "--print-to-pdf=" + pdf,
                            "file://" + os.path.abspath(path)],
                           capture_output=True, text=True, timeout=120)
        if r.returncode != 0 or not os.path.exists(pdf):
            return ["%s: chromium could not open and print it (exit %d)" % (path, r.returncode)]
        data = open(pdf, "rb").read()
    problems = []
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    if not data.startswith(b"%PDF") or pages < 1:
        problems.append("%s: printed to PDF, the file has no page" % path)
    source = open(path, encoding="utf-8").read().count("<svg")
    built = r.stdout.count("<svg")
    if built != source:
        problems.append("%s: the browser's page holds %d SVG diagrams, the file %d" % (path, built, source))
    return problems


def main():
    mailsim, lessons, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    listed = run(mailsim, "lesson", "list", "--dir", lessons)
    ids = [line.split()[0] for line in listed.stdout.splitlines() if line.strip()]
    problems = []
    if len(ids) < 11:
        problems.append("only %d lessons listed" % len(ids))
    student_copies = []
    for lesson in ids:
        text = open(os.path.join(lessons, lesson + ".md"), encoding="utf-8").read()
        asks = "\npredict:" in text
        for lang in ("fr", "en"):
            for answers in (False, True):
                path = os.path.join(out, "%s.%s%s.html" % (lesson, lang, ".answers" if answers else ""))
                args = ["lesson", "export", lesson, "--html", path, "--lang", lang, "--dir", lessons]
                r = run(mailsim, *(args + (["--answers"] if answers else [])))
                if r.returncode != 0:
                    problems.append("%s: export failed: %s" % (path, r.stderr.strip()))
                    continue
                page = open(path, encoding="utf-8").read()
                b = Balance()
                b.feed(page)
                b.close()
                problems += ["%s: %s" % (path, p) for p in b.problems]
                problems += ["%s: external resource %s" % (path, e) for e in b.external]
                if b.stack:
                    problems.append("%s: unclosed %s" % (path, b.stack))
                for svg in re.findall(r"<svg.*?</svg>", page, re.S):
                    try:
                        ET.fromstring(svg)
                    except ET.ParseError as e:
                        problems.append("%s: an SVG does not parse: %s" % (path, e))
                if lang == "fr" and not answers:
                    student_copies.append(path)
                shows_answer = 'class="answer"' in page
                if shows_answer != (answers and asks):
                    problems.append("%s: answer blocks %s" % (path, "shown" if shows_answer else "missing"))
    gift = os.path.join(out, "lessons.gift")
    r = run(mailsim, "lesson", "export", "--gift", gift, "--dir", lessons)
    if r.returncode != 0:
        problems.append("GIFT export failed: " + r.stderr.strip())
    else:
        questions = re.findall(r"^::([^:]+)::.*?\{\n(.*?)^\}", open(gift, encoding="utf-8").read(), re.S | re.M)
        predicts = sum(open(os.path.join(lessons, l + ".md"), encoding="utf-8").read().count("\npredict:") for l in ids)
        if len(questions) != predicts:
            problems.append("GIFT: %d questions for %d predict steps" % (len(questions), predicts))
        for name, body in questions:
            right = [l for l in body.splitlines() if l.startswith("  =")]
            if len(right) != 1:
                problems.append("GIFT %s: %d right answers" % (name, len(right)))
    browser = shutil.which("chromium")
    if browser:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for found in pool.map(open_in_browser, student_copies):
                problems += found
    for p in problems:
        print(p)
    print("%d lessons, %d problem(s)%s" % (len(ids), len(problems),
          ", %d pages printed by Chromium" % len(student_copies) if browser else ""))
    if problems:
        return 1
    if not browser:
        print("chromium not found: the pages were not opened in a browser (./mailsim.sh installs it)")
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
