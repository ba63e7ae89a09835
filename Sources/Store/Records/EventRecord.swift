import Enforcement

/// One dated event in a source's history: a status change or an inspection.
///
/// A source's status at a date is the status of its latest event with a status on or before
/// that date, which is what lets any past week be reported as it stood. Where an event came from
/// (an events file, or the snapshot that revealed it) is the `ingests` row it is stored with.
public struct EventRecord: Sendable, Equatable {
    public var sourceID: String
    /// ISO date, `YYYY-MM-DD`.
    public var date: String
    public var kind: EventKind
    /// The status after the event; nil for events that change nothing (inspections).
    public var status: SourceStatus?
    public var deadline: String?

    public init(sourceID: String, date: String, kind: EventKind, status: SourceStatus?, deadline: String? = nil) {
        self.sourceID = sourceID
        self.date = date
        self.kind = kind
        self.status = status
        self.deadline = deadline
    }
}
