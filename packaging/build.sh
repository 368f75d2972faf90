#!/usr/bin/env bash
# Build the standalone one-folder bundle with PyInstaller.
#   packaging/build.sh            -> dist/backtracker/backtracker
#   packaging/build.sh OUT_DIR    -> OUT_DIR/backtracker/backtracker
# PyInstaller's work files go to build/pyinstaller, or to $BACKTRACKER_BUILD_WORK_DIR.
# The bundle runs on systems like the one it was built on: build on each OS you ship for.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist_dir="$(realpath -m "${1:-$root/dist}")"
work_dir="$(realpath -m "${BACKTRACKER_BUILD_WORK_DIR:-$root/build/pyinstaller}")"
pyinstaller="$root/.venv/bin/pyinstaller"

if [ ! -x "$pyinstaller" ]; then
    echo "build: PyInstaller is not in .venv yet; setting up the test tools first" >&2
    "$root/scripts/setup.sh" test
fi

started=$SECONDS
"$pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$dist_dir" --workpath "$work_dir" \
    "$root/packaging/backtracker.spec"

bundle="$dist_dir/backtracker"
if [ ! -x "$bundle/backtracker" ]; then
    echo "build: PyInstaller finished but $bundle/backtracker is missing" >&2
    exit 1
fi
# A self-built Python (pyenv) ships libpython with ~17 MB of debug information; drop only
# that. The other libraries are left alone: stripping wheels' patched libraries can break them.
if command -v strip >/dev/null 2>&1; then
    for library in "$bundle"/_internal/libpython3*.so*; do
        if [ -f "$library" ]; then strip --strip-debug "$library"; fi
    done
fi
echo "build: bundle in $bundle (built in $((SECONDS - started)) s)"
echo "build: start it with $bundle/backtracker"
du -sh "$bundle"
