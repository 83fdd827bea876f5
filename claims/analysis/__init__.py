"""Pure text analysis: no ORM. ``analyze(text, …) -> AnalysisResult`` is the entry point."""

from claims.analysis.analyze import ANALYSIS_VERSION, analyze

__all__ = ["ANALYSIS_VERSION", "analyze"]
