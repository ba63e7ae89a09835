import Enforcement
import Foundation
import Store

/// A source's status changed in the field (`PATCH /sources/{id}`): the register's status, its
/// date and deadline, and an event in the history that says so (a notice for `rectifying`,
/// `marked_special`, `permitted`, …) with its author; once per `Idempotency-Key`.
///
/// The history stays the register's truth (`permitwatch check` replays it): a change dated
/// before the source's latest status event would not be its status, so it is refused (409),
/// as is a change to a source a snapshot removed. `rectifying` needs its deadline; other
/// statuses have none.
public struct StatusChangeRecording: Sendable {
    public typealias Storage = FieldRecordStore & SourceRegister

    /// What the client sent, as text, before any check.
    public struct Request: Sendable, Equatable {
        public var sourceID: String
        public var status: String?
        public var effectiveDate: String?
        public var deadline: String?
        public var officer: String?
        public var note: String?

        public init(sourceID: String, status: String?, effectiveDate: String?, deadline: String? = nil, officer: String? = nil, note: String? = nil) {
            (self.sourceID, self.status, self.effectiveDate, self.deadline, self.officer, self.note) =
                (sourceID, status, effectiveDate, deadline, officer, note)
        }
    }

    /// What was recorded, for the reply.
    public struct Recorded: Sendable, Equatable {
        public var sourceID: String
        public var status: SourceStatus
        public var previousStatus: String?
        public var effectiveDate: String
        public var deadline: String?
        public var author: String
        public var recordedAt: String
        public var ingestID: Int64
    }

    let store: any Storage

    public init(store: any Storage) { self.store = store }

    /// - Throws: `ParameterError` naming the field at fault; not found for an unknown source;
    ///   `.conflict` for a change the history forbids.
    public func record(
        _ request: Request, author: String, idempotencyKey: String?, today: String = DateText.today(),
        reply: (Recorded) throws -> StoredReply
    ) throws -> FieldRecording {
        let (status, date, deadline) = try Self.check(request, today: today)
        let officer = try FieldWriteRules.optional(request.officer, "officer", limit: 100)
        let note = try FieldWriteRules.optional(request.note, "note", limit: 2000)
        guard try !store.fetchSourceNames([request.sourceID]).isEmpty else {
            throw ParameterError("id", request.sourceID, "no source in the register has this id", kind: .notFound)
        }
        let idempotency = try FieldWriteRules.idempotency(
            idempotencyKey, request: [request.sourceID, status.rawValue, date, deadline, officer, note])
        let event = FieldEvent(
            event: EventRecord(sourceID: request.sourceID, date: date, kind: Self.eventKind(for: status), status: status, deadline: deadline),
            details: try FieldWriteRules.details(["officer": officer, "note": note]))
        let recordedAt = Timestamp.now()
        do {
            return try store.recordFieldWrite(
                .statusChange(event), author: author, request: "PATCH /sources/\(request.sourceID)", idempotency: idempotency
            ) { receipt in
                try reply(Recorded(
                    sourceID: request.sourceID, status: status, previousStatus: receipt.previousStatus, effectiveDate: date, deadline: deadline,
                    author: author, recordedAt: recordedAt, ingestID: receipt.ingestID))
            }
        } catch let conflict as FieldWriteConflict {
            throw FieldWriteRules.refusal(conflict)
        }
    }

    static func check(_ request: Request, today: String) throws -> (SourceStatus, String, String?) {
        guard let text = request.status else {
            throw ParameterError("status", nil, "the new status is required, one of \(SourceStatus.acceptedSpellings)")
        }
        guard let status = SourceStatus(parsing: text) else {
            throw ParameterError("status", text, "expected one of \(SourceStatus.acceptedSpellings)")
        }
        guard let date = try FieldWriteRules.day(
            request.effectiveDate.map { DateText.normalize($0) ?? $0 }, "effective_date", today: today, what: "the day the status takes effect")
        else {
            throw ParameterError("effective_date", nil, "the day the status takes effect is required, YYYY-MM-DD")
        }
        var deadline: String?
        if let raw = request.deadline {
            guard let day = DateText.normalize(raw) else { throw ParameterError("deadline", raw, "expected a date YYYY-MM-DD") }
            guard status == .rectifying else {
                throw ParameterError("deadline", raw, "only a source being rectified has a deadline; the new status is \(status.rawValue)")
            }
            guard day >= date else { throw ParameterError("deadline", raw, "the deadline cannot come before the effective date \(date)") }
            deadline = day
        } else if status == .rectifying {
            throw ParameterError("deadline", nil, "a rectification needs its deadline, YYYY-MM-DD")
        }
        return (status, date, deadline)
    }

    /// The history's word for a change to `status`.
    public static func eventKind(for status: SourceStatus) -> EventKind {
        switch status {
        case .permitted: .permitted
        case .registered: .registered
        case .rectifying: .noticeIssued
        case .special: .markedSpecial
        case .unlicensed: .discovered
        }
    }
}
