#!/usr/bin/env bash
# Installs the Debian packages the portal needs, or says exactly what to install.
#   scripts/system-deps.sh run   what `make run` needs (Python venv, WeasyPrint's libraries, fonts)
#   scripts/system-deps.sh test  what `make test` needs on top (Chromium, Java for the HTML checker)
#   scripts/system-deps.sh only PACKAGE...  just these (CI: PostgreSQL, Redis)
set -euo pipefail

# apt-get that waits up to 10 minutes for another apt-get or dpkg (unattended-upgrades,
# cloud-init) instead of giving up at once. DPkg::Lock::Timeout makes install wait for dpkg's
# lock; `apt-get update` ignores it for its lock on the package lists (apt 2.6), so a run that
# could not get a lock is tried again.
apt_get() {
  local deadline=$((SECONDS + 600)) errors
  errors=$(mktemp)
  until apt-get -o DPkg::Lock::Timeout=600 "$@" 2>"$errors"; do
    if ! grep -q "Could not get lock" "$errors" || [ "$SECONDS" -ge "$deadline" ]; then
      cat "$errors" >&2
      rm -f "$errors"
      return 1
    fi
    echo "Waiting for another apt-get or dpkg to finish…" >&2
    sleep 2
  done
  cat "$errors" >&2
  rm -f "$errors"
}

case "${1:-run}" in
  only) want=("${@:2}") ;;
  test) want=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk
              chromium default-jre-headless poppler-utils) ;;
  *) want=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk) ;;
esac

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
  apt_get update -qq
  DEBIAN_FRONTEND=noninteractive apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
