#!/usr/bin/env bash
# Finds a NATS server with JetStream for the tests, starting (or, as root
# on Debian, installing) one when none answers. Prints its URL on stdout,
# or nothing when there is no NATS to be had; messages go to stderr.
set -uo pipefail

say() { printf '\033[1;34m[nats]\033[0m %s\n' "$*" >&2; }

host=127.0.0.1
port=4222
url="nats://$host:$port"

# The server greets every connection with INFO, which says whether
# JetStream is on.
jetstream_answers() {
  timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port; head -1 <&3" 2>/dev/null | grep -q '"jetstream":true'
}

if jetstream_answers; then echo "$url"; exit 0; fi

if timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then
  say "a NATS server on $host:$port runs without JetStream; the NATS tests are skipped"
  exit 0
fi

if ! command -v nats-server >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing nats-server from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >/dev/null 2>&1 \
      || { say "cannot install nats-server"; exit 0; }
  else
    say "no nats-server, and cannot install one"
    exit 0
  fi
fi

store="${TMPDIR:-/tmp}/shop-nats"
mkdir -p "$store"
say "starting nats-server with JetStream on $host:$port (store in $store)"
nohup nats-server -js -a "$host" -p "$port" --store_dir "$store" >"$store/server.log" 2>&1 &
for _ in $(seq 1 50); do
  if jetstream_answers; then echo "$url"; exit 0; fi
  sleep 0.2
done
say "nats-server did not come up; see $store/server.log"
exit 0
