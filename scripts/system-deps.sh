#!/usr/bin/env bash
# Installs the Debian packages the portal needs, or says exactly what to install.
#   scripts/system-deps.sh run   what `make run` needs (Python venv, WeasyPrint's libraries, fonts)
#   scripts/system-deps.sh test  what `make test` needs on top (Chromium, Java for the HTML checker)
set -euo pipefail

want=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk)
if [ "${1:-run}" = "test" ]; then
  want+=(chromium default-jre-headless poppler-utils)
fi

missing=()
for package in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Java may come from another JRE package than default-jre-headless.
if command -v java >/dev/null 2>&1; then
  missing=("${missing[@]/default-jre-headless/}")
fi
read -r -a missing <<<"${missing[*]:-}"
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
