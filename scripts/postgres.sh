#!/usr/bin/env bash
# Finds a PostgreSQL server for the tests, starting (or, as root on Debian,
# installing) one when none answers. Prints an admin URL on stdout, or
# nothing when there is no PostgreSQL to be had; messages go to stderr.
set -uo pipefail

say() { printf '\033[1;34m[postgres]\033[0m %s\n' "$*" >&2; }

answers() { # url
  psql "$1" -Atqc 'select 1' >/dev/null 2>&1
}

candidates=()
[[ -n "${DATABASE_URL_TEST:-}" ]] && candidates+=("$DATABASE_URL_TEST")
candidates+=("postgres://postgres@127.0.0.1:5432/postgres" "postgres://postgres:postgres@127.0.0.1:5432/postgres")

find_server() {
  command -v psql >/dev/null || return 1
  for url in "${candidates[@]}"; do
    if answers "$url"; then echo "$url"; return 0; fi
  done
  return 1
}

if find_server; then exit 0; fi

# Nothing answers: start the local cluster, installing it first if need be.
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null; then
    say "installing PostgreSQL from Debian"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  if command -v pg_ctlcluster >/dev/null; then
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    if [[ -n "$version" ]]; then
      say "starting PostgreSQL $version"
      pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 2>&1 || true
      for _ in $(seq 1 30); do
        su postgres -c "psql -Atqc 'select 1'" >/dev/null 2>&1 && break
        sleep 1
      done
      # A fresh cluster only trusts local socket logins: give the tests a password.
      su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null 2>&1 || true
      if find_server; then exit 0; fi
    fi
  fi
fi

say "no PostgreSQL server could be reached or started"
exit 0
