#!/usr/bin/env bash
# Reads the server's log of an end-to-end run and fails when it holds a
# panic, or something secret: a password the journeys typed, a session
# cookie, a reset token or link, a payment signature (SECURITY.md).
#
#   scripts/server-log-check.sh LOG
set -euo pipefail
log=${1:?usage: server-log-check.sh LOG}
[[ -f "$log" ]] || { echo "no server log at $log" >&2; exit 1; }

failed=0
report() { # what, matching lines
  printf '\033[1;31mserver log: %s\033[0m\n%s\n' "$1" "$2" >&2
  failed=1
}

# One panic is leptos_i18n's, not the shop's: its context starts an effect
# on the server that can run after the request's reactive owner is gone
# (leptos_i18n 0.6.2, context.rs; the same race as leptos issue #4829).
# It changes nothing (the effect only writes the language cookie's signal,
# which the server never sends) and is counted, not failed; any other
# panic fails the run. SECURITY.md, "Not promised yet".
known_file=$(mktemp)
trap 'rm -f "$known_file"' EXIT
panics=$(awk '/panicked at/ { line = NR ": " $0; getline next_line;
  if (next_line ~ /leptos_i18n-[0-9.]+\/src\/context\.rs/ && next_line ~ /already been disposed/) known++;
  else print line } END { if (known) print "known:" known > "/dev/stderr" }' "$log" 2>"$known_file" || true)
known_panics=$(sed -n 's/^known://p' "$known_file")
[[ -z "$panics" ]] || report "the server panicked during the run" "$panics"

# The passwords the journeys and e2e.sh use, then the shapes secrets take
# in a request or a cookie. Lines are shown cut short: never the secret.
passwords=$( {
  grep -rhoE "'[^']*(password|passphrase)[^']*'" end2end/tests
  grep -rhoE "(registerMember|logIn|staffLogIn)\([^,]+,[^,]+, *'[^']+'" end2end/tests | grep -oE "'[^']+'$"
} 2>/dev/null | tr -d "'" | awk 'length($0) >= 12 && substr($0, 1, 1) != "/"' | sort -u || true)
passwords+=$'\n'"${SHOP_E2E_OWNER_PASSWORD:-}"
while IFS= read -r password; do
  [[ -n "$password" ]] || continue
  hit=$(grep -nF -- "$password" "$log" | cut -c1-60 || true)
  [[ -z "$hit" ]] || report "a password the journeys typed is in the log" "$hit"
done <<<"$passwords"
secrets=$(grep -niE '(sid|staff_sid|token|signature|password)=[^&; ]{8,}|reset-password\?token' "$log" \
  | cut -c1-60 || true)
[[ -z "$secrets" ]] || report "a session id, token, signature or password is in the log" "$secrets"

lines=$(wc -l <"$log")
# An empty log would pass every check above without proving anything.
[[ $lines -gt 0 ]] || report "the server wrote nothing to its log" "(is it logging to $log?)"
if [[ $failed -eq 0 ]]; then
  echo "server log: $lines lines, no panic, no secret${known_panics:+ (the known leptos_i18n effect race: $known_panics)}"
fi
exit "$failed"
