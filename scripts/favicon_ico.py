"""Render static/favicon.svg at 16, 32 and 48 px with chromium and pack the PNGs into static/favicon.ico."""
import struct, sys
from pathlib import Path
from playwright.sync_api import sync_playwright
svg = Path("cellule/static/favicon.svg").read_text()
pngs = []
with sync_playwright() as pw:
    b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless","--no-sandbox"])
    for size in (16, 32, 48):
        p = b.new_page(viewport={"width": size, "height": size})
        p.set_content(f'<html><body style="margin:0;background:transparent">{svg.replace("<svg ", f"<svg width={size} height={size} ",1)}</body></html>')
        pngs.append((size, p.screenshot(omit_background=True)))
    b.close()
header = struct.pack("<HHH", 0, 1, len(pngs))
offset = 6 + 16 * len(pngs)
entries, data = b"", b""
for size, png in pngs:
    entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(data))
    data += png
Path("cellule/static/favicon.ico").write_bytes(header + entries + data)
print(len(header + entries + data))
