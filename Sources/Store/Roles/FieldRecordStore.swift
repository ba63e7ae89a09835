/// Writes made in the field, each with who made it and when, recorded once however often the
/// request is retried: a role of the store (see `EnforcementStore`).
public protocol FieldRecordStore: Sendable {
    /// Records `events` in one transaction, with a log entry naming `author` and `request`
    /// (`POST /sources/GD1/inspections`), and keeps `reply(ingestID)` under `idempotency`.
    ///
    /// When `idempotency`'s key was used by `author` before, nothing is recorded: the earlier
    /// reply comes back if the request was the same, `.keyReused` if not.
    ///
    /// - Throws: `StoreError` when a source of `events` is not in the register; nothing is
    ///   written then.
    func recordFieldEvents(
        _ events: [FieldEvent], author: String, request: String, idempotency: IdempotentRequest?,
        reply: (_ ingestID: Int64) throws -> StoredReply
    ) throws -> FieldRecording
}
