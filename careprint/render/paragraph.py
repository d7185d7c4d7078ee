"""ReportLab's paragraph, broken into lines once per width.

A table wraps each cell's paragraphs to size its rows and again to draw them, and careprint
measures some of them first, to fit an exercise's figure beside its words: the same words
broken into lines at the same width three times, a twelfth of a cold sheet. The lines depend
only on the width, the style and the words, so a paragraph keeps what its last wrap worked
out and gives it back when asked again at that width in that style. A new style object, or
a new paragraph (ReportLab's split makes new ones), is wrapped afresh.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph as ReportLabParagraph
from reportlab.rl_config import _FUZZ


class Paragraph(ReportLabParagraph):
    """A paragraph that is broken into lines once for each width and style it is wrapped at."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        kept = self.__dict__.get("_wrapped")
        # Its lines are still those of its last wrap (only wrap sets them), at this width,
        # in this style object: kept itself, not its id, which a new style could reuse.
        if (kept is not None and availWidth >= _FUZZ and kept[0] == availWidth
                and kept[1] is self.style and kept[2] is self.__dict__.get("blPara")):
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.style, self.__dict__.get("blPara"))
        return size
