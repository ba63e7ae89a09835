import Foundation
import Store

/// An inspection recorded from the field (`POST /sources/{id}/inspections`): an `inspected`
/// event in the source's history, with its result, officer and note, its author (the token's
/// name) and when it was recorded; once, however often the request is retried with the same
/// `Idempotency-Key`.
///
/// Checked as the CLI checks its input: a day `YYYY-MM-DD` not after today (in Asia/Shanghai,
/// where the bureaus work), a result of 1 to 200 characters, an officer of at most 100 and a
/// note of at most 2,000, a source the register has.
public struct InspectionRecording: Sendable {
    public typealias Storage = FieldRecordStore & SourceRegister

    /// What the client sent, as text, before any check.
    public struct Request: Sendable, Equatable {
        public var sourceID: String
        public var date: String?
        public var result: String?
        public var officer: String?
        public var note: String?

        public init(sourceID: String, date: String?, result: String?, officer: String?, note: String?) {
            self.sourceID = sourceID
            self.date = date
            self.result = result
            self.officer = officer
            self.note = note
        }
    }

    /// What was recorded, for the reply.
    public struct Recorded: Sendable, Equatable {
        public var sourceID: String
        public var date: String
        public var result: String
        public var officer: String?
        public var note: String?
        public var author: String
        public var recordedAt: String
        /// The log entry of the write (`ingests`), which `source-history` names.
        public var ingestID: Int64
    }

    let store: any Storage

    public init(store: any Storage) { self.store = store }

    /// Records the inspection by `author`; `idempotencyKey` makes a retry answer the first reply.
    ///
    /// - Parameter reply: the answer to keep with the write (the server's JSON body).
    /// - Throws: `ParameterError` naming the field at fault (`date`, `result`, `officer`,
    ///   `note`, `Idempotency-Key`), not found for an unknown source.
    public func record(
        _ request: Request, author: String, idempotencyKey: String?, today: String = DateText.today(),
        reply: (Recorded) throws -> StoredReply
    ) throws -> FieldRecording {
        let checked = try Self.check(request, today: today)
        guard try !store.fetchSourceNames([request.sourceID]).isEmpty else {
            throw ParameterError("id", request.sourceID, "no source in the register has this id", kind: .notFound)
        }
        let idempotency = try FieldWriteRules.idempotency(
            idempotencyKey, request: [checked.sourceID, checked.date, checked.result, checked.officer, checked.note])
        let json = try FieldWriteRules.details(["result": checked.result, "officer": checked.officer, "note": checked.note])
        let event = FieldEvent(event: EventRecord(sourceID: checked.sourceID, date: checked.date, kind: .inspected, status: nil), details: json)
        let recordedAt = Timestamp.now()
        return try store.recordFieldWrite(
            .events([event]), author: author, request: "POST /sources/\(checked.sourceID)/inspections", idempotency: idempotency
        ) { receipt in
            try reply(Recorded(
                sourceID: checked.sourceID, date: checked.date, result: checked.result, officer: checked.officer, note: checked.note,
                author: author, recordedAt: recordedAt, ingestID: receipt.ingestID))
        }
    }

    /// The request once checked: every field as it will be stored.
    struct Checked: Equatable {
        var sourceID: String
        var date: String
        var result: String
        var officer: String?
        var note: String?
    }

    static func check(_ request: Request, today: String) throws -> Checked {
        guard let date = try FieldWriteRules.day(request.date, "date", today: today, what: "the day of the inspection") else {
            throw ParameterError("date", nil, "the day of the inspection is required, YYYY-MM-DD")
        }
        let result = request.result?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard (1...200).contains(result.count) else {
            throw ParameterError("result", request.result, "expected what the inspection found, 1 to 200 characters")
        }
        return Checked(
            sourceID: request.sourceID, date: date, result: result, officer: try FieldWriteRules.optional(request.officer, "officer", limit: 100),
            note: try FieldWriteRules.optional(request.note, "note", limit: 2000))
    }
}
