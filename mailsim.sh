#!/usr/bin/env bash
# mailsim.sh: set up, build and run mailsim on Debian 12 (bookworm), from a bare machine.
#
#   ./mailsim.sh run [FILE]   install what is missing, build, open the GUI on FILE
#                             (default scenarios/basic-smtp.json; a relative FILE is
#                             looked for from where you are, then in the repository);
#                             without a display, print the scenario's transcript with
#                             the CLI instead
#   ./mailsim.sh test         install what is missing, build, run the whole test suite
#                             (ctest under Xvfb; the window with its SDL2 platform layer,
#                             built in build-sdl2/ on build/'s libraries, and one screenshot
#                             of it checked; the web edition built into build-web/ and
#                             driven in headless Chromium (web/test_browser.py); then an
#                             ASan+UBSan build of the unit and scenario tests: all but
#                             those labelled gui, live or nosan; then every fuzz target
#                             for a few seconds on its committed corpus)
#   ./mailsim.sh web [--port N]  install what is missing, build the web edition into
#                             build-web/ (a static site: index.html, mailsim.js/.wasm/.data)
#                             and serve it on http://127.0.0.1:8080/ (or port N)
#   ./mailsim.sh fuzz [TARGET] [SECONDS]  install what is missing, build the libFuzzer
#                             targets with clang (ASan+UBSan) in build-fuzz/ and run
#                             TARGET (default: all of them, one after another) for
#                             SECONDS each (default 60), starting from its corpus
#                             fuzz/corpus/TARGET; new inputs go to build-fuzz/corpus/,
#                             a crash's reproducer to build-fuzz/findings/ (fuzz/README.md)
#   ./mailsim.sh setup        install what is missing and build, nothing else
#   ./mailsim.sh deps         install the missing Debian packages only
#   ./mailsim.sh help         this text
#
# Every build but the web edition's treats a compiler warning as an error (MAILSIM_WERROR).
#
# Environment:
#   MAILSIM_NO_INSTALL=1        never call apt-get (you installed the packages yourself)
#   MAILSIM_EXTRA_PACKAGES="a b" more Debian packages to install
#   MAILSIM_JOBS=N              build parallelism (default: nproc)
#   MAILSIM_CTEST_JOBS=N        ctest parallelism (default: 2)
#   MAILSIM_SKIP_ASAN=1         `test` skips the sanitizer build (quicker local runs)
#   MAILSIM_SKIP_WEB=1          `test` skips the web edition's build and browser test
#   MAILSIM_SKIP_FUZZ=1         `test` skips the fuzz targets' build and short runs
set -uo pipefail

CALLER_DIR=$PWD   # `run FILE`: a relative FILE is the caller's, tried before the repository's
cd "$(dirname "${BASH_SOURCE[0]}")" || exit 2

# The Debian 12 packages the build and the tests need. Add new ones here (one list).
PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libimgui-dev libstb-dev libglfw3-dev libsdl2-dev
  nlohmann-json3-dev doctest-dev libgmime-3.0-dev libssl-dev
  libgl-dev libgl1-mesa-dri libglx-mesa0 libegl-mesa0
  xvfb xauth fonts-dejavu-core python3
  tshark curl swaks fetchmail openssl mutt
  emscripten chromium dpkg-dev
  clang libclang-rt-14-dev
)
# shellcheck disable=SC2206
PACKAGES+=(${MAILSIM_EXTRA_PACKAGES:-})

DEFAULT_SCENARIO=scenarios/basic-smtp.json
BUILD_DIR=build
ASAN_DIR=build-asan
SDL2_DIR=build-sdl2
FUZZ_DIR=build-fuzz            # the fuzz targets (clang, libFuzzer), their corpora and findings
CI_FUZZ_SECONDS=5              # `test`: each fuzz target this long on its committed corpus
WEB_DIR=build-web              # the web edition's static site
WEB_BUILD_DIR=$WEB_DIR/.build  # its emscripten build tree
WEB_DEPS_DIR=$WEB_DIR/.deps    # Dear ImGui's sources and the private apt state that fetched them
JOBS=${MAILSIM_JOBS:-$(nproc 2>/dev/null || echo 2)}
CTEST_JOBS=${MAILSIM_CTEST_JOBS:-2}
# -noreset: the server would otherwise reset whenever its last client leaves, and a GUI test
# starting at that moment could not open the display.
XVFB_SCREEN="-screen 0 1280x800x24 -noreset"
# Not run in the sanitizer build: the window (not built there), the live tests (real
# clients against `mailsim serve`, with time and memory limits meant for a Release build)
# and any test labelled nosan.
ASAN_EXCLUDE_LABELS='^(gui|live|nosan)$'

say() { printf '\n==> %s\n' "$*"; }
warn() { printf 'mailsim.sh: %s\n' "$*" >&2; }
die() { warn "$*"; exit 2; }

# ---------------------------------------------------------------------------------------
# Debian packages: install only the missing ones, with sudo when not root.
install_deps() {
  if [ "${MAILSIM_NO_INSTALL:-0}" = 1 ]; then
    say "MAILSIM_NO_INSTALL=1: not checking Debian packages"
    return 0
  fi
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    warn "no dpkg-query/apt-get: this is not Debian; install the equivalents of these yourself:"
    warn "  ${PACKAGES[*]}"
    return 0
  fi
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    if [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" != "ii " ]; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages: all ${#PACKAGES[@]} present"
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
      [ -t 0 ] || sudo=(sudo -n)   # no terminal: fail rather than wait for a password
    else
      warn "missing packages: ${missing[*]}"
      die "not root and no sudo: run as root:  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    fi
  fi
  say "Installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  local log t=$SECONDS
  log=$(mktemp "${TMPDIR:-/tmp}/mailsim-apt.XXXXXX.log") || die "mktemp failed"
  echo "    apt-get update && apt-get install -y --no-install-recommends ... (log: $log)"
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=300 >"$log" 2>&1; then
    tail -n 20 "$log" >&2; die "apt-get update failed (full log: $log)"
  fi
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 \
       "${missing[@]}" >>"$log" 2>&1; then
    tail -n 30 "$log" >&2; die "apt-get install failed (full log: $log)"
  fi
  echo "    installed in $((SECONDS - t))s"
}

# ---------------------------------------------------------------------------------------
# Configure and build one build directory: configure_build DIR [CMAKE ARGS...]
# With BUILD_TARGETS set (an array), only those targets that exist are built.
BUILD_TARGETS=()
configure_build() {
  local dir=$1; shift
  say "Configuring $dir ($*)"
  cmake -S . -B "$dir" "$@" || { warn "cmake configure of $dir failed"; return 1; }
  local targets=() t
  for t in "${BUILD_TARGETS[@]}"; do
    grep -q "/$t.dir\$" "$dir/CMakeFiles/TargetDirectories.txt" 2>/dev/null && targets+=(--target "$t")
  done
  say "Building $dir with $JOBS jobs${targets:+ (${BUILD_TARGETS[*]})}"
  cmake --build "$dir" -j"$JOBS" "${targets[@]}" || { warn "build of $dir failed"; return 1; }
}

build_main() {
  configure_build "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DMAILSIM_WERROR=ON
}

# The SDL2 platform layer (the default is GLFW): its own tree, which links build/'s core
# library and backend-independent window code (MAILSIM_REUSE_BUILD) and builds only the
# window and the screenshot checker; then one screenshot, checked like the others.
test_sdl2() {
  local BUILD_TARGETS=(mailsim-gui mailsim-shotcheck)
  configure_build "$SDL2_DIR" -DCMAKE_BUILD_TYPE=Release -DMAILSIM_WERROR=ON -DMAILSIM_GUI_BACKEND=SDL2 \
                  -DMAILSIM_REUSE_BUILD="$PWD/$BUILD_DIR" || return 1
  say "One screenshot of the SDL2 window (Xvfb), checked like the others"
  run_ctest "$SDL2_DIR" -R '^gui_screenshot_basic_en(_check)?$'
}

# ---------------------------------------------------------------------------------------
# The web edition. Dear ImGui 1.86's sources come from Debian's source package `imgui`,
# fetched with apt-get source through a private sources list and state directory under
# $WEB_DEPS_DIR (deb-src twins of the system's Debian entries): the system's apt
# configuration is never changed.
IMGUI_SOURCE=""
fetch_imgui_source() {
  local dir=$WEB_DEPS_DIR/imgui src
  src=$(find "$dir" -maxdepth 1 -type d -name 'imgui-1.86*' 2>/dev/null | head -n1)
  if [ -n "$src" ] && [ -f "$src/imgui.h" ]; then IMGUI_SOURCE=$PWD/$src; return 0; fi
  say "Fetching Dear ImGui 1.86's sources (Debian source package imgui) into $dir"
  local apt=$dir/apt f
  mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial" || return 1
  : > "$apt/sources.list"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed 's/^Types:.*/Types: deb-src/' "$f" > "$apt/sources.list.d/$(basename "$f")"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -n 's/^deb \(.*\)/deb-src \1/p' "$f" >> "$apt/sources.list"
  done
  if [ ! -s "$apt/sources.list" ] && ! ls "$apt"/sources.list.d/*.sources >/dev/null 2>&1; then
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
      > "$apt/sources.list"
  fi
  local opts=(-o "Dir::Etc::SourceList=$PWD/$apt/sources.list" -o "Dir::Etc::SourceParts=$PWD/$apt/sources.list.d"
              -o "Dir::State::Lists=$PWD/$apt/lists" -o "Dir::Cache=$PWD/$apt/cache")
  apt-get "${opts[@]}" -q update >"$apt/update.log" 2>&1 || { tail -n 20 "$apt/update.log" >&2; warn "apt-get update (private lists) failed"; return 1; }
  (cd "$dir" && apt-get "${opts[@]}" -q source imgui) >"$apt/source.log" 2>&1 \
    || { tail -n 20 "$apt/source.log" >&2; warn "apt-get source imgui failed"; return 1; }
  src=$(find "$dir" -maxdepth 1 -type d -name 'imgui-*' | head -n1)
  if ! grep -q '^#define IMGUI_VERSION *"1\.86"' "$src/imgui.h" 2>/dev/null; then
    warn "apt-get source imgui gave ${src:-nothing}, not Dear ImGui 1.86 (the version the desktop window uses)"
    return 1
  fi
  IMGUI_SOURCE=$PWD/$src
}

# Builds the web edition into $WEB_DIR with emscripten (Debian's: its optimiser needs
# Node's module path to include /usr/share/nodejs when another Node is first on PATH).
build_web() {
  fetch_imgui_source || return 1
  export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
  command -v emcmake >/dev/null 2>&1 || { warn "emcmake not found: install the Debian package emscripten"; return 1; }
  say "Configuring $WEB_BUILD_DIR (emscripten)"
  emcmake cmake -S . -B "$WEB_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DMAILSIM_IMGUI_SOURCE_DIR="$IMGUI_SOURCE" \
          -DMAILSIM_WEB_SITE_DIR="$PWD/$WEB_DIR" >/dev/null || { warn "emcmake cmake of $WEB_BUILD_DIR failed"; return 1; }
  say "Building the web edition into $WEB_DIR with $JOBS jobs"
  cmake --build "$WEB_BUILD_DIR" -j"$JOBS" --target mailsim-web || { warn "build of the web edition failed"; return 1; }
}

cmd_web() {
  local port=8080
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) [ $# -ge 2 ] || die "--port needs a number"; port=$2; shift 2 ;;
      --port=*) port=${1#--port=}; shift ;;
      *) die "web: unknown argument $1 (usage: ./mailsim.sh web [--port N])" ;;
    esac
  done
  [[ $port =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "--port: not a port number: $port"
  install_deps || exit 2
  build_web || exit 2
  say "Serving $WEB_DIR/ on http://127.0.0.1:$port/  (Ctrl-C stops)"
  echo "    open http://127.0.0.1:$port/ in a browser; a deep link: http://127.0.0.1:$port/?scenario=mx-fallback&step=12&lang=fr"
  exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$WEB_DIR"
}

# The web edition in Debian's headless Chromium, checked against build/'s CLI; its
# screenshots go to $WEB_BUILD_DIR/screenshots.
test_web() {
  build_web || return 1
  say "The web edition in headless Chromium (web/test_browser.py)"
  python3 web/test_browser.py "$WEB_DIR" "$BUILD_DIR/bin/mailsim" scenarios "$WEB_BUILD_DIR/screenshots"
}

# ---------------------------------------------------------------------------------------
# The fuzz targets of fuzz/ (fuzz/README.md): a clang build of the whole tree with libFuzzer,
# ASan and UBSan. fuzz_targets prints their names (from fuzz/corpus/, one folder a target).
fuzz_targets() { find fuzz/corpus -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort; }

build_fuzz() {
  local BUILD_TARGETS=(fuzz_all)
  configure_build "$FUZZ_DIR" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DMAILSIM_FUZZ=ON -DMAILSIM_WERROR=ON -DMAILSIM_GUI=OFF
}

# run_fuzz TARGET SECONDS: libFuzzer on a working corpus in $FUZZ_DIR/corpus/TARGET, seeded
# with the committed one (never changed); exit status non-zero on a finding, whose input is
# saved in $FUZZ_DIR/findings/TARGET/ (replay it: build-fuzz/bin/fuzz_TARGET FILE).
run_fuzz() {
  local target=$1 seconds=$2
  local work=$FUZZ_DIR/corpus/$target findings=$FUZZ_DIR/findings/$target
  mkdir -p "$work" "$findings" || return 1
  say "Fuzzing $target for ${seconds}s (fuzz/corpus/$target, new inputs in $work)"
  "$FUZZ_DIR/bin/fuzz_$target" "$work" "fuzz/corpus/$target" -max_total_time="$seconds" -timeout=20 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/" 2>&1 | tee "$FUZZ_DIR/$target.log" \
    | grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|==[0-9]+==ERROR|SUMMARY|stat::number_of_executed_units|artifact_prefix|Test unit written)' 
  local rc=${PIPESTATUS[0]}
  [ "$rc" -ne 0 ] && warn "fuzz_$target found something (exit $rc): see $FUZZ_DIR/$target.log and $findings/"
  return "$rc"
}

cmd_fuzz() {
  local target=${1:-all} seconds=${2:-60} t rc=0
  [[ $seconds =~ ^[0-9]+$ ]] && [ "$seconds" -ge 1 ] || die "fuzz: SECONDS must be a whole number of seconds, not $seconds"
  local targets
  targets=$(fuzz_targets)
  if [ "$target" != all ] && ! grep -qx "$target" <<<"$targets"; then
    die "fuzz: no target $target; the targets are: all $(echo $targets)"
  fi
  install_deps || exit 2
  build_fuzz || exit 2
  [ "$target" = all ] || targets=$target
  for t in $targets; do run_fuzz "$t" "$seconds" || rc=1; done
  return $rc
}

# ---------------------------------------------------------------------------------------
cmd_run() {
  local scenario=${1:-$DEFAULT_SCENARIO}
  if [ $# -gt 0 ] && [ "${scenario#/}" = "$scenario" ] && [ -e "$CALLER_DIR/$scenario" ]; then
    scenario=$CALLER_DIR/$scenario
  elif [ ! -e "$scenario" ]; then
    die "no scenario $1 (neither in $CALLER_DIR nor in $PWD); the shipped ones are in $PWD/scenarios"
  fi
  install_deps || exit 2
  BUILD_TARGETS=(mailsim mailsim-gui)   # the tests are built by `test`
  build_main || exit 2
  local gui="$BUILD_DIR/bin/mailsim-gui" cli="$BUILD_DIR/bin/mailsim" why=""
  if [ ! -x "$gui" ]; then
    why="$gui was not built"
  elif [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    why="no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"
  else
    say "Starting $gui $scenario"
    "$gui" "$scenario"
    local rc=$?
    [ $rc -ne 3 ] && return $rc
    why="mailsim-gui could not open a window (exit code 3)"
  fi
  say "$why: printing the transcript of $scenario instead"
  [ -x "$gui" ] && echo "    (the window needs a desktop session; or try: xvfb-run -a $gui $scenario --screenshot out.png)"
  "$cli" run "$scenario"
}

# ---------------------------------------------------------------------------------------
RESULTS=()
FAILED=0
record() {  # record NAME RC SECONDS
  local status=ok
  [ "$2" -ne 0 ] && { status="FAILED (exit $2)"; FAILED=1; }
  RESULTS+=("$(printf '  %-42s %-16s %4ss' "$1" "$status" "$3")")
}

# ctest, with the GUI tests inside a single Xvfb server.
run_ctest() {  # run_ctest DIR [CTEST ARGS...]
  local dir=$1; shift
  local args=(--test-dir "$dir" --output-on-failure --no-tests=error --timeout 600 -j"$CTEST_JOBS" "$@")
  if command -v xvfb-run >/dev/null 2>&1; then
    xvfb-run -a -s "$XVFB_SCREEN" ctest "${args[@]}"
  else
    warn "xvfb-run not found: running ctest on the current display (GUI tests may fail)"
    ctest "${args[@]}"
  fi
}

cmd_test() {
  local t0=$SECONDS t rc
  install_deps || exit 2
  say "Toolchain: $(cmake --version | head -n1), $(c++ --version | head -n1), $(nproc) CPUs"

  t=$SECONDS; build_main; rc=$?
  record "build ($BUILD_DIR, Release)" $rc $((SECONDS - t))
  if [ $rc -eq 0 ]; then
    say "Running the test suite of $BUILD_DIR (GUI tests under Xvfb)"
    t=$SECONDS; run_ctest "$BUILD_DIR"; rc=$?
    record "ctest $BUILD_DIR (all tests)" $rc $((SECONDS - t))
    t=$SECONDS; test_sdl2; rc=$?
    record "SDL2 window ($SDL2_DIR, one screenshot)" $rc $((SECONDS - t))
    if [ "${MAILSIM_SKIP_WEB:-0}" = 1 ]; then
      RESULTS+=("  web edition skipped (MAILSIM_SKIP_WEB=1)")
    else
      t=$SECONDS; test_web; rc=$?
      record "web edition ($WEB_DIR, headless Chromium)" $rc $((SECONDS - t))
    fi
  fi

  if [ "${MAILSIM_SKIP_ASAN:-0}" = 1 ]; then
    RESULTS+=("  sanitizer build skipped (MAILSIM_SKIP_ASAN=1)")
  else
    t=$SECONDS
    configure_build "$ASAN_DIR" -DCMAKE_BUILD_TYPE=Debug -DMAILSIM_SANITIZE=ON -DMAILSIM_WERROR=ON -DMAILSIM_GUI=OFF; rc=$?
    record "build ($ASAN_DIR, ASan+UBSan)" $rc $((SECONDS - t))
    if [ $rc -eq 0 ]; then
      say "Running the unit and scenario tests under AddressSanitizer and UBSan"
      t=$SECONDS
      ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1} \
      UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        ctest --test-dir "$ASAN_DIR" --output-on-failure --no-tests=error --timeout 900 -j"$CTEST_JOBS" \
              -LE "$ASAN_EXCLUDE_LABELS" -E '^gui_'
      rc=$?
      record "ctest $ASAN_DIR (unit, scenario tests)" $rc $((SECONDS - t))
    fi
  fi

  if [ "${MAILSIM_SKIP_FUZZ:-0}" = 1 ]; then
    RESULTS+=("  fuzz targets skipped (MAILSIM_SKIP_FUZZ=1)")
  else
    t=$SECONDS; build_fuzz; rc=$?
    record "build ($FUZZ_DIR, clang, libFuzzer)" $rc $((SECONDS - t))
    if [ $rc -eq 0 ]; then
      local target
      t=$SECONDS; rc=0
      for target in $(fuzz_targets); do run_fuzz "$target" "$CI_FUZZ_SECONDS" || rc=1; done
      record "fuzz targets (${CI_FUZZ_SECONDS}s each, committed corpus)" $rc $((SECONDS - t))
    fi
  fi

  echo
  echo "==================== mailsim test summary ===================="
  printf '%s\n' "${RESULTS[@]}"
  if [ $FAILED -eq 0 ]; then
    echo "  ALL PASSED in $((SECONDS - t0))s"
  else
    echo "  SOME STEPS FAILED (total $((SECONDS - t0))s)"
  fi
  echo "=============================================================="
  return $FAILED
}

usage() {  # the comment block at the top of this file
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
}

cmd=${1:-help}
[ $# -gt 0 ] && shift
case "$cmd" in
  run) cmd_run "$@" ;;
  web) cmd_web "$@" ;;
  fuzz) cmd_fuzz "$@" ;;
  test) cmd_test ;;
  setup) install_deps && build_main ;;
  deps) install_deps ;;
  help|-h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
