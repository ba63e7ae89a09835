import FileWriting
import Store

/// The rejects file of an `--on-error skip` ingest: CSV (RFC 4180, CRLF) with the header
/// `line,row,field,reason`, one line per rejected row in file order: the 1-based line the row
/// starts on, the row's text as the file has it (after decoding to UTF-8), the column at fault
/// (empty when the row as a whole is) and the reason. A row with several problems lists their
/// columns and reasons separated by ` | `.
///
/// **The file and the load are committed together.** The rejected rows are stored in the
/// database, in the load's own transaction (`ingest_rejects`, with the `ingests` row that
/// counts them), and the file is written through `OutputFile.write(to:)`, which writes a
/// temporary file beside the path and renames it into place only after its closure returns. The
/// load's transaction is committed inside that closure, after every byte of the file is
/// written and flushed, so:
/// - a failure to write the file (a bad path, a full disk) fails the ingest before the commit:
///   nothing is loaded and the database is unchanged;
/// - a failure or a crash before the commit leaves the database unchanged (SQLite's WAL rolls
///   the transaction back) and no rejects file at the path (an old one stays as it was; a crash
///   can leave the temporary `.NAME.permitwatch-XXXXXX` beside it, which nothing reads);
/// - a crash between the commit and the rename (two system calls apart) leaves the load
///   committed with its rejected rows in `ingest_rejects`, and no new rejects file at the path:
///   `permitwatch query ingest-rejects --format csv --output FILE` writes the same bytes again.
/// So the load is never kept without its rejects, and a rejects file never appears for a load
/// that was not kept. A path that is not a regular file (a FIFO, `/dev/stdout`) is written
/// through before the commit and cannot be taken back if the commit then fails.
enum RejectsFile {
    static let columns = ["line", "row", "field", "reason"]

    /// Writes `rows` to `path` and runs `commit` once they are all written; the file is put in
    /// place only when `commit` returned.
    ///
    /// - Throws: `OutputFileError` naming `--rejects` when the file cannot be written (nothing
    ///   is committed then); whatever `commit` throws (the file is not put in place then).
    static func write(_ rows: [IngestLogEntry.RejectedRow], to path: String, committing commit: () throws -> Void) throws {
        try OutputFile.write(to: path, parameter: "rejects") { sink in
            let writer = CSVResultWriter(sink: sink)
            try writer.begin(columns: columns, geometryColumn: nil)
            for row in rows {
                try writer.row([.integer(Int64(row.line)), .text(row.text), .text(row.field), .text(row.reason)], geometry: nil)
            }
            try writer.end()
            try commit()
        }
    }
}
