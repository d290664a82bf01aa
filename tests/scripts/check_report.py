"""The ending shared by the check scripts of tests/scripts: each failure on a FAIL line,
a summary line, and the exit status ctest reads (0 when nothing failed)."""


def report(failures, summary):
    for f in failures:
        print("FAIL " + f)
    print(f"== {summary}, {len(failures)} failure(s)")
    return 1 if failures else 0
