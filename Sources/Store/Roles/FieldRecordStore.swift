/// Writes made in the field, each with who made it and when, recorded once however often the
/// request is retried: a role of the store (see `EnforcementStore`).
public protocol FieldRecordStore: Sendable {
    /// Records `write` in one transaction, with a log entry naming `author` and `request`
    /// (`POST /sources/GD1/inspections`), and keeps `reply(receipt)` under `idempotency`.
    ///
    /// When `idempotency`'s key was used by `author` before, nothing is recorded: the earlier
    /// reply comes back if the request was the same, `.keyReused` if not.
    ///
    /// - Throws: `FieldWriteConflict` when the register forbids the write (a new source's id
    ///   is taken; a status change predates the source's latest or the source was removed);
    ///   `StoreError` when a source of `write` is not in the register. Nothing is written then.
    func recordFieldWrite(
        _ write: FieldWrite, author: String, request: String, idempotency: IdempotentRequest?,
        reply: (FieldReceipt) throws -> StoredReply
    ) throws -> FieldRecording

    /// The earlier reply to `idempotency` by `author`: `.replayed`, `.keyReused`, or nil when
    /// the key is new. For a write that is not a field write (an uploaded snapshot), checked
    /// before it runs.
    func earlierReply(to idempotency: IdempotentRequest, author: String) throws -> FieldRecording?

    /// Keeps `reply` under `idempotency` for the latest write logged from `ingestFile` (an
    /// upload, after its own transaction); a key already kept is left as it is.
    func keepReply(_ reply: StoredReply, to idempotency: IdempotentRequest, author: String, ingestFile: String) throws
}
