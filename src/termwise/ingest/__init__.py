"""Getting data in: the MIS push, file imports (CSV, Common Transfer File, OneRoster) and the
rules they share. Every source turns into the same records, checked by one service."""
