import Crypto
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
        let idempotency = try idempotencyKey.map { IdempotentRequest(key: try Self.checkedKey($0), fingerprint: Self.fingerprint(checked)) }
        var details: [String: String] = ["result": checked.result]
        if let officer = checked.officer { details["officer"] = officer }
        if let note = checked.note { details["note"] = note }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: details, options: [.sortedKeys]), as: UTF8.self)
        let event = FieldEvent(event: EventRecord(sourceID: checked.sourceID, date: checked.date, kind: .inspected, status: nil), details: json)
        let recordedAt = Timestamp.now()
        return try store.recordFieldEvents(
            [event], author: author, request: "POST /sources/\(checked.sourceID)/inspections", idempotency: idempotency
        ) { ingestID in
            try reply(Recorded(
                sourceID: checked.sourceID, date: checked.date, result: checked.result, officer: checked.officer, note: checked.note,
                author: author, recordedAt: recordedAt, ingestID: ingestID))
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
        guard let date = request.date else { throw ParameterError("date", nil, "the day of the inspection is required, YYYY-MM-DD") }
        guard DateText.isValidDay(date) else { throw ParameterError("date", date, "expected a date YYYY-MM-DD") }
        guard date <= today else { throw ParameterError("date", date, "an inspection cannot be dated after today (\(today))") }
        let result = request.result?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard (1...200).contains(result.count) else {
            throw ParameterError("result", request.result, "expected what the inspection found, 1 to 200 characters")
        }
        return Checked(
            sourceID: request.sourceID, date: date, result: result, officer: try Self.optional(request.officer, "officer", limit: 100),
            note: try Self.optional(request.note, "note", limit: 2000))
    }

    private static func optional(_ text: String?, _ name: String, limit: Int) throws -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= limit else { throw ParameterError(name, String(trimmed.prefix(40)) + "…", "expected at most \(limit) characters") }
        return trimmed
    }

    /// 1 to 200 printable characters (a UUID, usually).
    static func checkedKey(_ key: String) throws -> String {
        guard (1...200).contains(key.count), key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw ParameterError("Idempotency-Key", key, "expected 1 to 200 printable ASCII characters, e.g. a UUID")
        }
        return key
    }

    /// What the request asked, as a hash: the same key with another request is refused.
    static func fingerprint(_ request: Checked) -> String {
        let text = [request.sourceID, request.date, request.result, request.officer ?? "", request.note ?? ""].joined(separator: "\u{1F}")
        return SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
