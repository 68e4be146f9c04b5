#!/usr/bin/env bash
# Make PNG screenshots of the main screens from the real binary on demo data:
# tmux capture-pane -e -> HTML (scripts/ansi2html.py) -> headless Chromium.
# Needs tmux and chromium (Debian: apt-get install tmux chromium fonts-dejavu-core).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
BIN="$PWD/target/debug/roundtable"
WORK="$(mktemp -d)"
trap 'tmux -L shots kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
DB="$WORK/demo.db"
"$BIN" demo --db "$DB" --as-of 2026-11-22 >/dev/null
mkdir -p screenshots
COLS=120 ROWS=36
# On the demo meeting's own date, so one Enter starts it (another day asks first).
tmux -L shots -f /dev/null new-session -d -s rt -x $COLS -y $ROWS "TERM=xterm-256color ROUNDTABLE_TODAY=2026-12-09 exec $BIN --db $DB"
k() { for key in "$@"; do tmux -L shots send-keys -t rt "$key"; sleep 0.08; done; }
t() { tmux -L shots send-keys -t rt -l "$1"; sleep 0.2; }
shot() {
    sleep 0.5
    tmux -L shots capture-pane -e -p -t rt > "$WORK/$1.ansi"
    python3 scripts/ansi2html.py "$WORK/$1.ansi" "$WORK/$1.html" "Roundtable: $1"
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$WORK/chrome" --hide-scrollbars --window-size=1120,760 \
        --screenshot="$PWD/screenshots/$1.png" "file://$WORK/$1.html" >/dev/null 2>&1
    echo "screenshots/$1.png"
}
sleep 0.5
k Enter
for _ in 1 2 3 4 5 6; do k p; done
k a w d; t "Wilma Stanhope-Orr"; k Enter Enter
k PageDown PageDown
for _ in 1 2 3 4; do k Space; done
shot sign-in
k Space Space Space
k PageDown; t "Two stabbings near the market this month; tension between the Canal Boys and Northgate Crew."
k PageDown PageDown Enter
t "Police confirm links to older nominals. School reports attendance has fallen to 60%."
k Tab Right Tab; t "Clear link to serious youth violence; plan needed."
k Tab Enter Tab Right Right Right Tab Right Right
shot new-referral
k C-d Escape PageDown PageDown Enter
t "YOS: weekly contact kept; mentoring started; still seen with peers of concern."
shot review
k Escape C-f
shot formal-close
k Enter F1
shot help
k Escape F7 n Right Tab
t "Duty desk, secure email"; k Tab
t "Corin Ashby-Lane"; k Tab
t "2031-01-01"; k Tab
k Tab # the age: left empty, a date of birth is given
t "7 Weaver Way, Harrowfield"; k Tab
t "NOT A CODE"
k C-d
# What was typed must be in the field it was meant for, or the picture is wrong.
field_holds() {
    tmux -L shots capture-pane -p -t rt | grep -A1 -- "$1" | grep -q -- "$2" \
        || { echo "screenshots: \"$2\" is not under \"$1\"" >&2; exit 1; }
}
field_holds "Home address" "7 Weaver Way"
field_holds "Postcode" "NOT A CODE"
shot intake
k Escape F6
shot members
k C-q
