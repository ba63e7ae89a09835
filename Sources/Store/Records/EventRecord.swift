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

/// What happened to a source.
public enum EventKind: String, Sendable, CaseIterable, Equatable {
    /// Entered the register with its status at the time.
    case listed
    /// Found discharging without permit or registration.
    case discovered
    case registered
    case permitted
    /// A notice for rectification within a time limit; carries the deadline.
    case noticeIssued = "notice_issued"
    /// Rectified, and so permitted or registered.
    case rectified
    /// Classified and marked under special circumstances.
    case markedSpecial = "marked_special"
    case closed
    /// An on-site inspection; no status change.
    case inspected
    /// A snapshot listed a source the register did not have.
    case new
    /// A snapshot showed a different status or register details.
    case changed
    /// A snapshot no longer listed the source.
    case removed

    /// Whether an event of this kind must carry a status.
    public var requiresStatus: Bool {
        switch self {
        case .inspected, .removed, .changed: false
        default: true
        }
    }
}
