/// A write made in the field (an inspection), as the store records it with its author, and the
/// reply a retried request gets again (`Idempotency-Key`).
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
