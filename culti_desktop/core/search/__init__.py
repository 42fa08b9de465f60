"""Index and bilingual search (CLIP + LACLIP re-ranking, FTS5 keywords, heatmaps). Qt-free."""
