#!/usr/bin/python3
"""Builds the fonts embedded in the PDFs (contracts, bills): docs/adr/0009-contract-pdf.md, 0014-bill-pdf.md.

DejaVu Sans and DejaVu Sans Bold (Debian package fonts-dejavu-core), cut down to Latin, Cyrillic,
punctuation, № and ₽, without hinting, and with every composite glyph (Ё, Й, ё, й, ...) turned into a
simple one: PDFsharp's subsetter keeps a composite glyph but not the glyphs it is made of, so "Ё" lost its "Е".
Needs python3-fonttools.
Usage: scripts/make-pdf-fonts.py                  both faces into host/Utilities.Platform/Pdf/Fonts/
       scripts/make-pdf-fonts.py source.ttf target.ttf
"""
import sys

from fontTools import subset
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

SOURCES = "/usr/share/fonts/truetype/dejavu"
TARGETS = "host/Utilities.Platform/Pdf/Fonts"
UNICODES = (
    list(range(0x20, 0x7F)) + list(range(0xA0, 0x180)) + list(range(0x400, 0x460)) + list(range(0x2010, 0x2040))
    + [0x2116, 0x20BD, 0x20AC, 0x2212, 0x00D7]
)


def make(source, target):
    font = TTFont(source)
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)

    glyf = font["glyf"]
    glyph_set = font.getGlyphSet()
    for name in font.getGlyphOrder():
        if glyf[name].isComposite():
            recording = DecomposingRecordingPen(glyph_set)
            glyph_set[name].draw(recording)
            pen = TTGlyphPen(None)
            recording.replay(pen)
            glyf[name] = pen.glyph()

    font.save(target)
    print(f"{target}: {len(font.getGlyphOrder())} glyphs")


if len(sys.argv) == 3:
    make(sys.argv[1], sys.argv[2])
else:
    make(f"{SOURCES}/DejaVuSans.ttf", f"{TARGETS}/DejaVuSans-Pdf.ttf")
    make(f"{SOURCES}/DejaVuSans-Bold.ttf", f"{TARGETS}/DejaVuSans-Bold-Pdf.ttf")
