#!/usr/bin/env bash
# Make PNG screenshots of the main screens from the real binary on demo data:
# tmux capture-pane -e -> HTML (scripts/ansi2html.py) -> headless Chromium.
# Needs tmux and chromium (Debian: apt-get install tmux chromium fonts-dejavu-core).
# Beside each PNG it keeps the screen as text (screenshots/NAME.txt, times of day
# written HH:MM). `--check` (what tests/screenshots_current.rs runs in CI) makes the
# screens again without Chromium and fails if any differs from its .txt: the pictures
# in the README are then out of date, and this script without --check remakes them.
# BIN=path uses that binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
CHECK=0
[ "${1:-}" = "--check" ] && CHECK=1
if [ -z "${BIN:-}" ]; then
    cargo build --quiet
    BIN="$PWD/target/debug/roundtable"
fi
WORK="$(mktemp -d)"
SOCK="shots-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
DB="$WORK/demo.db"
"$BIN" demo --db "$DB" --as-of 2026-11-22 >/dev/null
mkdir -p screenshots
COLS=120 ROWS=36
# On the demo meeting's own date, so one Enter starts it (another day asks first).
tmux -L "$SOCK" -f /dev/null new-session -d -s rt -x $COLS -y $ROWS "TERM=xterm-256color ROUNDTABLE_TODAY=2026-12-09 exec $BIN --db $DB"
k() { for key in "$@"; do tmux -L "$SOCK" send-keys -t rt "$key"; sleep 0.08; done; }
t() { tmux -L "$SOCK" send-keys -t rt -l "$1"; sleep 0.2; }
# The screen as text, once it has stopped changing, with times of day as HH:MM.
settled() {
    local before="" now
    for _ in $(seq 1 40); do
        sleep 0.25
        now="$(tmux -L "$SOCK" capture-pane -p -t rt | sed -E 's/[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?/HH:MM/g')"
        [ "$now" = "$before" ] && break
        before="$now"
    done
    printf '%s\n' "$now"
}
FAILED=0
shot() {
    settled > "$WORK/$1.txt"
    if [ $CHECK = 1 ]; then
        if ! diff -u "screenshots/$1.txt" "$WORK/$1.txt" >&2; then
            echo "screenshots/$1.png is out of date: bash scripts/screenshots.sh remakes it" >&2
            FAILED=1
        fi
        return
    fi
    cp "$WORK/$1.txt" "screenshots/$1.txt"
    tmux -L "$SOCK" capture-pane -e -p -t rt > "$WORK/$1.ansi"
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
    settled | grep -A1 -- "$1" | grep -q -- "$2" \
        || { echo "screenshots: \"$2\" is not under \"$1\"" >&2; exit 1; }
}
field_holds "Home address" "7 Weaver Way"
field_holds "Postcode" "NOT A CODE"
shot intake
k Escape F6
shot members
k C-q
exit $FAILED
