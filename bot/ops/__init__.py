"""Running Styrbot for real: logging, health, the schedule beside the chat, backup and
restore, gallring (retention) and anonymisation. Thin over `store/`; see docs/drift.md and
docs/dataskydd.md."""
