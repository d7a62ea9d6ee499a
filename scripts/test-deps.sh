#!/usr/bin/env bash
# System packages the tests drive for real: Debian's chromium (browser tests) and newsboat (a real
# Google Reader API client). Installed when missing and we are root; otherwise those tests skip
# with a message naming the missing program.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v newsboat >/dev/null 2>&1 || need+=(newsboat)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "test-deps: not root, cannot install ${need[*]}; the tests that need them will skip" >&2
  exit 0
fi
echo "test-deps: installing ${need[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || echo "test-deps: could not install ${need[*]}; the tests that need them will skip" >&2
exit 0
