#!/usr/bin/env bash
# Vendor htmx into kommplan/static/vendor/htmx/ (pinned; the npm tarball only, no install).
# django-htmx targets htmx 2. To upgrade: change the version, re-run, review the diff.
set -euo pipefail

HTMX_VERSION="2.0.11"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$REPO_ROOT/kommplan/static/vendor/htmx"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/vendor-htmx.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

tarball="$(cd "$tmp" && npm pack --silent "htmx.org@${HTMX_VERSION}" | tail -n 1)"
tar -xzf "$tmp/$tarball" -C "$tmp"
grep -q "\"version\": \"${HTMX_VERSION}\"" "$tmp/package/package.json" \
    || { echo "error: expected htmx.org@${HTMX_VERSION}" >&2; exit 1; }
mkdir -p "$DEST"
cp "$tmp/package/dist/htmx.min.js" "$DEST/htmx.min.js"
cp "$tmp/package/LICENSE" "$DEST/LICENSE"
echo "htmx.org ${HTMX_VERSION}" > "$DEST/VERSION"
echo "vendored htmx ${HTMX_VERSION} into ${DEST#"$REPO_ROOT/"}"
