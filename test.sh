#!/usr/bin/env bash
# One command: set up and run every test (unit, AppTest, headless-Chromium browser tests, PostgreSQL).
# Installs Debian's chromium, a CJK font, PostgreSQL, LibreOffice Calc and nginx when run as root and they are missing.
set -euo pipefail
cd "$(dirname "$0")"

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "$@" >/dev/null
  else
    echo "missing: $* (install them with apt-get as root)" >&2
  fi
}

need=()
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -qiE "wenquanyi|noto sans cjk" || need+=(fonts-wqy-microhei fontconfig)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)   # workbook round trips through Calc
command -v pdftoppm >/dev/null || need+=(poppler-utils)   # the meeting brief: pdftotext and pdftoppm in tests
[ -x /usr/sbin/nginx ] || need+=(nginx-light)   # two app processes behind the proxy (deploy/nginx.conf)
command -v openssl >/dev/null || need+=(openssl)   # the trusted-header test's htpasswd (openssl passwd -apr1)
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"

bash scripts/setup.sh dev

if [ -z "${TEST_POSTGRES_URL:-}" ] && [ "$(id -u)" = 0 ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  source scripts/postgres.sh
fi

.venv/bin/python -m pytest "$@"
