/// What happened to a source on a date, as `events.csv` and the `events` table spell it.
///
/// Kinds that change the status carry the status after the event; `inspected` does not, so a
/// replay takes a source's status from its latest event that has one.
public enum EventKind: String, Sendable, CaseIterable, Equatable, Comparable {
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

    public static func < (lhs: EventKind, rhs: EventKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
