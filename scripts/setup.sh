#!/usr/bin/env bash
# Shared set-up for scripts/run and scripts/test: system libraries Qt needs, a virtual
# environment in .venv, and the package installed into it. Safe to run again: it only does
# what is missing. Usage: scripts/setup.sh [app|test]
set -euo pipefail

purpose="${1:-app}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"

say() { printf 'setup: %s\n' "$*" >&2; }

# -- Python 3.11+ -----------------------------------------------------------------------
python="${PYTHON:-}"
if [ -z "$python" ]; then
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            python="$(command -v "$candidate")"
            break
        fi
    done
fi
if [ -z "$python" ]; then
    say "BackTracker needs Python 3.11 or newer, and none was found on PATH."
    say "On Debian/Ubuntu: sudo apt-get install python3 python3-venv"
    exit 1
fi

# -- System libraries (Debian/Ubuntu) ----------------------------------------------------
# Each line: a shared library Qt loads, then the Debian/Ubuntu packages that provide it
# (the first one the package index knows is installed).
libraries_for_tests="
libGL.so.1 libgl1
libEGL.so.1 libegl1
libfontconfig.so.1 libfontconfig1
libxkbcommon.so.0 libxkbcommon0
libglib-2.0.so.0 libglib2.0-0t64 libglib2.0-0
libdbus-1.so.3 libdbus-1-3
libX11-xcb.so.1 libx11-xcb1
"
libraries_for_screen="
libxkbcommon-x11.so.0 libxkbcommon-x11-0
libxcb-cursor.so.0 libxcb-cursor0
libxcb-icccm.so.4 libxcb-icccm4
libxcb-keysyms.so.1 libxcb-keysyms1
libxcb-image.so.0 libxcb-image0
libxcb-render-util.so.0 libxcb-render-util0
libxcb-shape.so.0 libxcb-shape0
libxcb-randr.so.0 libxcb-randr0
libxcb-xkb.so.1 libxcb-xkb1
"
wanted="$libraries_for_tests"
[ "$purpose" = app ] && wanted="$wanted$libraries_for_screen"

missing_packages=()
if command -v dpkg >/dev/null 2>&1 && command -v ldconfig >/dev/null 2>&1; then
    known_libraries="$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p)"
    while read -r library packages; do
        [ -n "$library" ] || continue
        if ! grep -q "$library" <<<"$known_libraries"; then
            chosen=""
            for package in $packages; do
                if apt-cache show "$package" >/dev/null 2>&1; then chosen="$package"; break; fi
            done
            missing_packages+=("${chosen:-${packages##* }}")
        fi
    done <<<"$wanted"
    # Command-line tools the tests run: a command, then the package that provides it.
    # PyInstaller reads binaries with objdump; tests/packaging validates the desktop files.
    tools_for_tests="
objdump binutils
desktop-file-validate desktop-file-utils
appstreamcli appstream
"
    if [ "$purpose" = test ]; then
        while read -r tool package; do
            [ -n "$tool" ] || continue
            command -v "$tool" >/dev/null 2>&1 || missing_packages+=("$package")
        done <<<"$tools_for_tests"
        # scripts/test runs the suite in America/St_Johns; without the zone database the C
        # library would silently use UTC.
        [ -e /usr/share/zoneinfo/America/St_Johns ] || missing_packages+=("tzdata")
    fi
    if ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
        missing_packages+=("python3-venv")
    fi
fi
if [ "${#missing_packages[@]}" -gt 0 ]; then
    command_line="apt-get install -y --no-install-recommends ${missing_packages[*]}"
    if [ "$(id -u)" -eq 0 ]; then
        say "installing missing system packages: ${missing_packages[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null || say "apt-get update failed; trying the install anyway"
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends ${missing_packages[*]} >/dev/null
    else
        say "System packages that Qt or the tests need are missing. Install them with:"
        say "    sudo $command_line"
        say "then run this command again."
        exit 1
    fi
fi

# -- A German locale for the tests (optional) ------------------------------------------------
# scripts/test runs the GUI and date tests again under de_DE.UTF-8; without that locale it
# skips that run and says why. Made here only when we are root (CI is); otherwise a hint.
test_locale="de_DE.UTF-8"
normalize_locale() { tr '[:upper:]' '[:lower:]' | sed 's/utf-8$/utf8/'; }
has_test_locale() {
    locale -a 2>/dev/null | normalize_locale | grep -qxF "$(normalize_locale <<<"$test_locale")"
}
if [ "$purpose" = test ] && command -v dpkg >/dev/null 2>&1 && ! has_test_locale; then
    if [ "$(id -u)" -eq 0 ]; then
        say "generating the $test_locale locale for the tests"
        export DEBIAN_FRONTEND=noninteractive
        if ! command -v locale-gen >/dev/null 2>&1; then
            apt-get update -qq >/dev/null || say "apt-get update failed; trying the install anyway"
            apt-get install -y -qq --no-install-recommends locales >/dev/null ||
                say "could not install the locales package"
        fi
        if [ -f /etc/locale.gen ] && command -v locale-gen >/dev/null 2>&1; then
            grep -q "^$test_locale" /etc/locale.gen ||
                sed -i "s/^# *$test_locale/$test_locale/" /etc/locale.gen
            grep -q "^$test_locale" /etc/locale.gen || echo "$test_locale UTF-8" >>/etc/locale.gen
            locale-gen >/dev/null || say "locale-gen failed"
        fi
        has_test_locale || say "no $test_locale locale; scripts/test will skip the run that needs it"
    else
        say "no $test_locale locale: scripts/test will skip its German-locale run. To have it:"
        say "    sudo apt-get install locales && sudo sed -i 's/^# *$test_locale/$test_locale/' /etc/locale.gen && sudo locale-gen"
    fi
fi

# -- Virtual environment and the package ---------------------------------------------------
if [ ! -x "$venv/bin/python" ]; then
    say "creating the virtual environment in .venv"
    "$python" -m venv "$venv"
fi
extras=""
[ "$purpose" = test ] && extras="[test]"
stamp="$venv/.backtracker-installed"
fingerprint="$(cat "$root/pyproject.toml" "$root/setup.py" | sha256sum | cut -d' ' -f1)$extras"
if [ ! -f "$stamp" ] || ! grep -qx -- "$fingerprint" "$stamp" 2>/dev/null; then
    say "installing BackTracker${extras} into .venv (first run takes a minute)"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root$extras"
    echo "$fingerprint" >"$stamp"
    # An install for the tests also serves the app; remember both.
    [ -n "$extras" ] && echo "${fingerprint%"$extras"}" >>"$stamp"
fi
