"""Qt-free curation: edit operations with inverses, the review queue, progress stats, backups, page renders."""
