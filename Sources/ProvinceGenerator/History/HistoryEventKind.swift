import Enforcement

/// What happened to a source on a date, as written in `events.csv`.
///
/// Kinds that change the status carry the status after the event; `inspected` does not, so a
/// replay takes a source's status from its latest event that has one.
public enum HistoryEventKind: String, CaseIterable, Sendable, Comparable {
    /// Entered the register, with its status at that time (2019 for sources known before 2020).
    case listed
    /// Found discharging without permit or registration → unlicensed.
    case discovered
    /// Filed a discharge registration → registered.
    case registered
    /// Was issued a discharge permit → permitted.
    case permitted
    /// Received a notice for rectification within a time limit → rectifying, with a deadline.
    case noticeIssued = "notice_issued"
    /// Completed rectification → permitted or registered.
    case rectified
    /// Classified and marked under special circumstances → special.
    case markedSpecial = "marked_special"
    /// Closed down → special.
    case closed
    /// On-site inspection; no change of status.
    case inspected

    public static func < (lhs: HistoryEventKind, rhs: HistoryEventKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
