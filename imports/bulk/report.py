"""What a bulk import did (or its dry run would do): a result per row, plain values for the batch and the job."""

from dataclasses import asdict, dataclass, field

OUTCOMES = ("created", "updated", "unchanged", "invalid")


@dataclass
class RowResult:
    """What became of one row: its outcome, the record, the labels of the fields it changed, or why it is bad."""

    row: int
    outcome: str
    label: str = ""
    record_id: int | None = None
    organization_id: int | None = None
    changed: list[str] = field(default_factory=list)
    # (column label, message) pairs; an error of the row as a whole has an empty label.
    errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class BulkReport:
    """The outcome of an import (or of its dry run): file-level errors, or one result per non-empty row."""

    entity: str
    dry_run: bool
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.outcome == "invalid" for row in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOMES, 0)
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    @property
    def invalid_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.outcome == "invalid"]

    def as_dict(self) -> dict:
        """Plain values (for a JSONField or a Celery result)."""
        return {**asdict(self), "ok": self.ok, "counts": self.counts}

    @classmethod
    def from_dict(cls, data: dict) -> "BulkReport":
        rows = [RowResult(**{**row, "errors": [tuple(error) for error in row["errors"]]}) for row in data["rows"]]
        return cls(
            entity=data["entity"],
            dry_run=data["dry_run"],
            file_errors=list(data["file_errors"]),
            rows=rows,
            ignored_columns=list(data.get("ignored_columns", [])),
        )
