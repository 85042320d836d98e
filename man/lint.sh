#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# lint.sh PAGE: mandoc -Tlint must have nothing to say about PAGE, at any
# level (style, warning, error). The one message set aside is "referenced
# manual not found" for a page of this folder: mandoc looks cross
# references up among installed pages, and these are not installed yet.
# Exit status: 0 clean, 1 a message, 2 usage, 77 mandoc is not installed.
set -u
if [ $# -ne 1 ]; then
    echo "usage: $0 PAGE" >&2
    exit 2
fi
page=$1
dir=$(dirname "$page")
if ! command -v mandoc >/dev/null 2>&1; then
    echo "SKIPPED: mandoc is not installed (Debian package mandoc)"
    exit 77
fi

messages=$(mandoc -Tlint "$page" 2>&1)
left=$(printf '%s\n' "$messages" | while IFS= read -r line; do
    [ -z "$line" ] && continue
    # "...: STYLE: referenced manual not found: Xr NAME SECTION (...)"
    ref=$(printf '%s\n' "$line" | sed -n 's/.*STYLE: referenced manual not found: Xr \([A-Za-z0-9_-]*\) \([0-9]\).*/\1.\2/p')
    if [ -n "$ref" ] && [ -f "$dir/$ref" ]; then
        continue
    fi
    printf '%s\n' "$line"
done)

if [ -n "$left" ]; then
    printf '%s\n' "$left" >&2
    exit 1
fi
echo "$page: mandoc -Tlint clean"
