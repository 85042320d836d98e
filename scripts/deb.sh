#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Builds the Debian packages of debian/ (libpssst0, libpssst-dev, pssst)
# from a copy of the source tree, checks them with lintian, installs them,
# uses them as a user would, and removes them again:
#   1. dpkg-buildpackage -b -us -uc in a temporary folder (it writes the
#      .debs beside the source folder, so neither the repository nor its
#      parent is touched); the build runs the unit tests;
#   2. debian/libpssst0.symbols names exactly the symbols of src/pssst.map,
#      and the runtime package is named after the SONAME the build produced;
#   3. lintian on the .changes: any error fails, warnings are listed;
#   4. dpkg -i; examples/minimal.c built with pkg-config and run;
#      examples/consumer built with find_package(pssst) and run on the
#      reference transcripts; `pssst version`, `man -w pssst`, and
#      pssst-conform on its installed vectors;
#   5. dpkg -r, also when a step fails, so that later tests see the tree.
# Needs root for dpkg -i (CI runs as root); otherwise it exits 77 and
# says why. Usage: scripts/deb.sh [OUTDIR]; with OUTDIR the .deb files are
# copied there, otherwise they go with the temporary folder.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
outdir=${1:-}
if [ -n "$outdir" ]; then
  mkdir -p "$outdir" && outdir=$(cd "$outdir" && pwd) || { echo "deb.sh: cannot use $1" >&2; exit 1; }
fi
packages="libpssst0 libpssst-dev pssst"

fail() { echo "deb.sh: FAIL: $*" >&2; exit 1; }
skip() { echo "deb.sh: SKIPPED: $*"; exit 77; }
step() { echo "== deb.sh: $*"; }

if [ "$(id -u)" -ne 0 ]; then
  skip "installing the packages (dpkg -i) needs root; run it as root or in CI"
fi
for tool in dpkg-buildpackage dh lintian fakeroot pkg-config cmake cc man; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (scripts/install-deps.sh installs it)"
done
for p in $packages; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
    fail "$p is already installed; remove it first (dpkg -r $packages)"
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pssst-deb.XXXXXX")
installed=no
cleanup() {
  if [ "$installed" = yes ]; then
    echo "== deb.sh: dpkg -r $packages"
    dpkg -r $packages >"$tmp/remove.log" 2>&1 || { cat "$tmp/remove.log"; echo "deb.sh: dpkg -r failed" >&2; }
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The files git knows (tracked, or new and not ignored), as they are in the
# working tree; build folders stay out. Without git, the whole tree but
# build*/ and .git.
step "copying the source tree to $tmp/pssst-c"
src=$tmp/pssst-c
mkdir "$src"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$top" && git ls-files -z --cached --others --exclude-standard | tar cf - --ignore-failed-read --null --no-recursion -T -) \
    | tar xf - -C "$src" || fail "copying the tree"
else
  (cd "$top" && tar cf - --exclude=./.git --exclude='./build*' .) | tar xf - -C "$src" || fail "copying the tree"
fi
# The unit tests read Wycheproof from ../shared when it is there (as in CI).
if [ -d "$top/../shared" ]; then
  ln -s "$(cd "$top/../shared" && pwd)" "$tmp/shared"
fi

step "dpkg-buildpackage -b -us -uc (the log's tail is printed if it fails)"
jobs=$(nproc)
if ! (cd "$src" && dpkg-buildpackage -b -us -uc -j"$jobs") >"$tmp/build.log" 2>&1; then
  tail -n 60 "$tmp/build.log"
  fail "dpkg-buildpackage"
fi
grep -E 'tests passed, |SKIPPED:' "$tmp/build.log" | sort -u
changes=$(ls "$tmp"/*.changes)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
version=$(cd "$src" && dpkg-parsechangelog -S Version)
upstream=${version%-*}
for p in $packages; do
  [ -f "$tmp/${p}_${version}_${arch}.deb" ] || fail "no ${p}_${version}_${arch}.deb was built"
done

if [ -n "$outdir" ]; then
  cp "$tmp"/*.deb "$changes" "$outdir"/ || fail "copying the packages to $outdir"
  echo "packages copied to $outdir"
fi

step "symbols and SONAME"
map_names=$(sed -n 's/^ *\(pssst_[a-z0-9_]*\);$/\1/p' "$top/src/pssst.map" | sort)
sym_names=$(sed -n 's/^ \(pssst_[a-z0-9_]*\)@PSSST_0 .*/\1/p' "$top/debian/libpssst0.symbols" | sort)
[ -n "$map_names" ] || fail "no symbol read from src/pssst.map"
if [ "$map_names" != "$sym_names" ]; then
  echo "$map_names" >"$tmp/map.txt"; echo "$sym_names" >"$tmp/sym.txt"
  diff "$tmp/map.txt" "$tmp/sym.txt"
  fail "debian/libpssst0.symbols does not list the symbols of src/pssst.map (diff above: < map, > symbols)"
fi
echo "debian/libpssst0.symbols: the $(echo "$map_names" | wc -l) symbols of src/pssst.map"
mkdir "$tmp/lib"
dpkg-deb -x "$tmp/libpssst0_${version}_${arch}.deb" "$tmp/lib"
soname=$(objdump -p "$tmp"/lib/usr/lib/"$multiarch"/libpssst.so.*.* | sed -n 's/^ *SONAME *//p')
# Debian policy 8.1: libfoo.so.N is shipped by the package libfooN.
want=$(echo "$soname" | sed -E 's/^lib(.*)\.so\.([0-9]+)$/lib\1\2/')
[ "$want" = libpssst0 ] || fail "SONAME $soname asks for package $want, debian/control has libpssst0"
echo "SONAME $soname -> package $want"

step "lintian $(basename "$changes")"
lintian --display-info "$changes" >"$tmp/lintian.log" 2>&1
lintian_rc=$?
grep -v 'running with root privileges' "$tmp/lintian.log"
errors=$(grep -c '^E: ' "$tmp/lintian.log")
warnings=$(grep -c '^W: ' "$tmp/lintian.log")
echo "lintian: $errors errors, $warnings warnings"
[ "$lintian_rc" -eq 0 ] && [ "$errors" -eq 0 ] || fail "lintian reports errors"

# The tree copy goes, so that what follows can only use the installed files.
rm -rf "$src"

step "dpkg -i"
installed=yes
(cd "$tmp" && dpkg -i "libpssst0_${version}_${arch}.deb" "libpssst-dev_${version}_${arch}.deb" \
  "pssst_${version}_${arch}.deb") || fail "dpkg -i"
for p in $packages; do
  echo "$p: $(dpkg -L "$p" | grep -c -v '/$') paths"
done

step "examples/minimal.c with pkg-config"
pcdir=$(pkg-config --variable=pcfiledir pssst) || fail "pkg-config does not find pssst"
[ "$pcdir" = "/usr/lib/$multiarch/pkgconfig" ] || fail "pkg-config finds pssst.pc in $pcdir, not the package's"
[ "$(pkg-config --variable=prefix pssst)" = /usr ] || fail "pssst.pc has prefix=$(pkg-config --variable=prefix pssst), not /usr"
got=$(pkg-config --modversion pssst)
[ "$got" = "$upstream" ] || fail "pkg-config --modversion pssst gives $got, want $upstream"
flags=$(pkg-config --cflags --libs pssst)
echo "pkg-config --cflags --libs pssst: $flags"
# shellcheck disable=SC2086 # the flags are words
cc -std=c11 -Wall -Wextra -Werror "$top/examples/minimal.c" $flags -o "$tmp/minimal" || fail "building minimal.c"
# With merged /usr the loader may name it /lib/<triplet>/: compare real paths.
loaded=$(ldd "$tmp/minimal" | sed -n 's/.*libpssst\.so\.0 => \([^ ]*\) .*/\1/p')
[ -n "$loaded" ] && [ "$(readlink -f "$loaded")" = "$(readlink -f "/usr/lib/$multiarch/libpssst.so.0")" ] \
  || fail "minimal loads libpssst.so.0 from '$loaded', not the package's /usr/lib/$multiarch"
echo "minimal loads $loaded"
"$tmp/minimal" || fail "minimal.c built against the package"

step "examples/consumer with find_package(pssst)"
cmake -S "$top/examples/consumer" -B "$tmp/consumer" -DCMAKE_C_FLAGS="-Wall -Wextra -Werror" \
  >"$tmp/consumer.log" 2>&1 || { cat "$tmp/consumer.log"; fail "configuring examples/consumer"; }
grep -q "pssst_DIR:PATH=/usr/lib/$multiarch/cmake/pssst" "$tmp/consumer/CMakeCache.txt" \
  || fail "find_package(pssst) did not use /usr/lib/$multiarch/cmake/pssst"
cmake --build "$tmp/consumer" >>"$tmp/consumer.log" 2>&1 || { cat "$tmp/consumer.log"; fail "building examples/consumer"; }
for exe in pssst-consumer pssst-consumer-static; do
  "$tmp/consumer/$exe" "$top/vectors/reference/pssst-0.2.1.json" >"$tmp/run.log" 2>&1 \
    || { cat "$tmp/run.log"; fail "$exe on the reference transcripts"; }
  echo "$exe: $(tail -n 1 "$tmp/run.log")"
done

step "the pssst package: programs, manual pages, vectors"
[ "$(command -v pssst)" = /usr/bin/pssst ] || fail "pssst on PATH is $(command -v pssst), not /usr/bin/pssst"
pssst version >"$tmp/version.log" 2>&1 || { cat "$tmp/version.log"; fail "pssst version"; }
cat "$tmp/version.log"
grep -q "$upstream" "$tmp/version.log" || fail "pssst version does not say $upstream"
for page in 1:pssst 1:pssst-conform 1:pssst-harness 3:libpssst 3:pssst_client_init; do
  path=$(man -w "${page%%:*}" "${page#*:}" 2>&1) || fail "man -w ${page%%:*} ${page#*:}: $path"
  case $path in
    /usr/share/man/man"${page%%:*}"/"${page#*:}".*) echo "man -w ${page%%:*} ${page#*:}: $path" ;;
    *) fail "man -w ${page%%:*} ${page#*:} gives $path, not the package's page" ;;
  esac
done
# The source tree is gone, so the runner falls back to /usr/share/pssst/vectors.
(cd "$tmp" && env -u PSSST_VECTORS_DIR pssst-conform vectors) >"$tmp/conform.log" 2>&1 \
  || { cat "$tmp/conform.log"; fail "pssst-conform vectors"; }
read_from=$(sed -n 's/^\(\/[^:]*\.json\): .*/\1/p' "$tmp/conform.log" | head -n 1)
[ -n "$read_from" ] && [ "$(readlink -f "$(dirname "$read_from")")" = /usr/share/pssst/vectors ] \
  || { head -n 5 "$tmp/conform.log"; fail "pssst-conform did not read /usr/share/pssst/vectors"; }
echo "pssst-conform vectors read $(dirname "$read_from")"
echo "pssst-conform vectors: $(tail -n 1 "$tmp/conform.log")"

step "dpkg -r"
installed=no
dpkg -r $packages >"$tmp/remove.log" 2>&1 || { cat "$tmp/remove.log"; fail "dpkg -r"; }
for f in "/usr/lib/$multiarch/libpssst.so.0" /usr/bin/pssst /usr/include/pssst.h; do
  [ ! -e "$f" ] || fail "$f is still there after dpkg -r"
done
echo "deb.sh: packages built, checked, installed, used and removed"
