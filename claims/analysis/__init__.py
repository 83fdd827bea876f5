"""Pure text analysis: no ORM. ``analyze(text, …) -> AnalysisResult`` is the entry point."""
