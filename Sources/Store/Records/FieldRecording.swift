/// An event made in the field (an inspection, a status change, a source found), as the store
/// records it with its author.
public struct FieldEvent: Sendable, Equatable {
    public var event: EventRecord
    /// What the event says beyond its kind and status, as JSON text (an inspection's result,
    /// officer and note).
    public var details: String?

    public init(event: EventRecord, details: String?) {
        self.event = event
        self.details = details
    }
}

/// What one field write changes, recorded in one transaction with its log entry.
public enum FieldWrite: Sendable, Equatable {
    /// Events that change no source (inspections).
    case events([FieldEvent])
    /// A source found in the field, already placed in its areas, with the event that lists it.
    /// A record without a `sourceID` (empty) is given the next `FieldSourceID` of its prefecture.
    case newSource(SourceRecord, FieldEvent)
    /// A source's new status from `event.date`, its deadline with it (rectification).
    case statusChange(FieldEvent)
}

/// What the store made of a write, for its reply.
public struct FieldReceipt: Sendable, Equatable {
    /// The log entry of the write (`ingests`), which `source-history` names.
    public var ingestID: Int64
    /// The source written (a new source's id as given to it).
    public var sourceID: String
    /// The source's status before a status change.
    public var previousStatus: String?

    public init(ingestID: Int64, sourceID: String, previousStatus: String? = nil) {
        self.ingestID = ingestID
        self.sourceID = sourceID
        self.previousStatus = previousStatus
    }
}

/// A field write the register's present state forbids; nothing was written.
public struct FieldWriteConflict: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request's field at fault (`source_id`, `effective_date`).
    public var field: String
    public var value: String
    public var message: String

    public init(field: String, value: String, message: String) {
        self.field = field
        self.value = value
        self.message = message
    }

    public var description: String { "\(field)=\(value): \(message)" }
}

/// A request that may be retried: its key (the client's `Idempotency-Key`) and a fingerprint
/// of what it asked, so that the same key with another request is refused.
public struct IdempotentRequest: Sendable, Equatable {
    public var key: String
    public var fingerprint: String

    public init(key: String, fingerprint: String) {
        self.key = key
        self.fingerprint = fingerprint
    }
}

/// The answer given to a write, kept with it: a retry gets these bytes again.
public struct StoredReply: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What became of a field write.
public enum FieldRecording: Sendable, Equatable {
    /// Recorded now; the reply was stored with it.
    case recorded(StoredReply)
    /// The same request was recorded before: nothing new, its reply again.
    case replayed(StoredReply)
    /// The key was used by this author for another request: nothing recorded.
    case keyReused
}

extension FieldWrite {
    /// The events the write adds to the history.
    public var events: [FieldEvent] {
        switch self {
        case .events(let events): events
        case .newSource(_, let event), .statusChange(let event): [event]
        }
    }
}
