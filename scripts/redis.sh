#!/usr/bin/env bash
# Finds a Redis for the tests, starting (or, as root on Debian, installing)
# one when none answers. Prints its URL on stdout, or nothing when there is
# no Redis to be had; messages go to stderr.
set -uo pipefail

say() { printf '\033[1;34m[redis]\033[0m %s\n' "$*" >&2; }

host=127.0.0.1
port=6379
url="redis://$host:$port"

answers() {
  timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port; printf 'PING\r\n' >&3; head -c 5 <&3" 2>/dev/null | grep -q PONG
}

if answers; then echo "$url"; exit 0; fi

if timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then
  say "something on $host:$port does not answer PING like Redis; the Redis tests are skipped"
  exit 0
fi

if ! command -v redis-server >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing redis-server from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null 2>&1 \
      || { say "cannot install redis-server"; exit 0; }
  else
    say "no redis-server, and cannot install one"
    exit 0
  fi
fi

say "starting redis-server on $host:$port (nothing kept on disk)"
redis-server --bind "$host" --port "$port" --save '' --appendonly no --daemonize yes >/dev/null 2>&1
for _ in $(seq 1 50); do
  if answers; then echo "$url"; exit 0; fi
  sleep 0.2
done
say "redis-server did not come up"
exit 0
