#!/usr/bin/env python3
"""Turn `tmux capture-pane -e -p` output (text with SGR escapes) into a standalone
HTML page that looks like the terminal, for screenshots with headless Chromium."""
import html
import re
import sys

BASE = ["#1e1e1e", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#dcdfe4"]
BRIGHT = ["#5c6370", "#ff7b86", "#b5e890", "#ffd68a", "#7cc4ff", "#de8fff", "#6fd6e3", "#ffffff"]
FG, BG = "#dcdfe4", "#1e1e1e"


def c256(n):
    if n < 8:
        return BASE[n]
    if n < 16:
        return BRIGHT[n - 8]
    if n < 232:
        n -= 16
        r, g, b = n // 36, (n // 6) % 6, n % 6
        v = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (v[r], v[g], v[b])
    g = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (g, g, g)


def convert(text, title):
    out = []
    st = {"fg": None, "bg": None, "bold": False, "rev": False, "dim": False, "ul": False}
    for line in text.rstrip("\n").split("\n"):
        parts = re.split(r"(\x1b\[[0-9;]*m)", line)
        row = []
        for p in parts:
            m = re.fullmatch(r"\x1b\[([0-9;]*)m", p)
            if m:
                codes = [int(c) if c else 0 for c in m.group(1).split(";")] if m.group(1) else [0]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0:
                        st = {"fg": None, "bg": None, "bold": False, "rev": False, "dim": False, "ul": False}
                    elif c == 1:
                        st["bold"] = True
                    elif c == 2:
                        st["dim"] = True
                    elif c == 4:
                        st["ul"] = True
                    elif c == 7:
                        st["rev"] = True
                    elif c == 22:
                        st["bold"] = st["dim"] = False
                    elif c == 24:
                        st["ul"] = False
                    elif c == 27:
                        st["rev"] = False
                    elif 30 <= c <= 37:
                        st["fg"] = BASE[c - 30]
                    elif c == 39:
                        st["fg"] = None
                    elif 40 <= c <= 47:
                        st["bg"] = BASE[c - 40]
                    elif c == 49:
                        st["bg"] = None
                    elif 90 <= c <= 97:
                        st["fg"] = BRIGHT[c - 90]
                    elif 100 <= c <= 107:
                        st["bg"] = BRIGHT[c - 100]
                    elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                        st["fg" if c == 38 else "bg"] = c256(codes[i + 2])
                        i += 2
                    elif c in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
                        st["fg" if c == 38 else "bg"] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                        i += 4
                    i += 1
                continue
            if not p:
                continue
            fg, bg = st["fg"] or FG, st["bg"] or BG
            if st["rev"]:
                fg, bg = bg, fg
            style = "color:%s;background:%s" % (fg, bg)
            if st["bold"]:
                style += ";font-weight:bold"
            if st["dim"]:
                style += ";opacity:.7"
            if st["ul"]:
                style += ";text-decoration:underline"
            row.append('<span style="%s">%s</span>' % (style, html.escape(p)))
        out.append("".join(row))
    body = "\n".join(out)
    return (
        "<!doctype html><meta charset=utf-8><title>%s</title><style>"
        "body{margin:0;background:%s}pre{margin:0;padding:8px;font:15px/1.25 'DejaVu Sans Mono',monospace;color:%s}"
        "</style><pre>%s</pre>" % (html.escape(title), BG, FG, body)
    )


if __name__ == "__main__":
    src, dst, title = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(src, encoding="utf-8", errors="replace") as f:
        text = f.read()
    with open(dst, "w", encoding="utf-8") as f:
        f.write(convert(text, title))
