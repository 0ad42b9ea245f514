"""Reading scanned ballots (issue 15): pure Python beside :mod:`daihoi.tally`, no Django.

- :mod:`.layout`: the ballot's layout, described once: the PDF writer
  (``daihoi.elections.ballot_pdf``) builds it while it draws, the reader reads by it; it travels
  as ``LAYOUT.json`` beside the ballot PDF.
- :mod:`.raster`: PDF pages to grey images (pypdfium2), and the blank pages the reader compares
  with.
- :mod:`.reader`: one scanned page → the round code, the page, each name crossed, kept or unsure
  (with the reason), or the reason the page is rejected.
- :mod:`.cli`: ``daihoi scan IMAGE_OR_PDF... --layout LAYOUT.json``.
- :mod:`.synth`: scanned ballots with known truth drawn on the round's own ballot (the voters'
  pens, the scanner, the TIFF and PDF files it writes), for the test corpus, the demo and the
  benchmarks.
"""
