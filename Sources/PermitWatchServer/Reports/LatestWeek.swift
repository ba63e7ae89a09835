import PermitWatch
import Synchronization

/// The data's last complete week, read once a generation: every request for the weekly report
/// without a week needs it, and it changes only when a write dates an event in a later week.
final class LatestWeek: Sendable {
    private let known = Mutex<(generation: Int64, week: ReportWeek?)?>(nil)

    /// The week at `generation`, read with `read` unless known.
    func week(at generation: Int64, read: () async throws -> ReportWeek?) async throws -> ReportWeek? {
        if let known = known.withLock({ $0 }), known.generation == generation { return known.week }
        let week = try await read()
        known.withLock { current in
            if (current?.generation ?? .min) < generation { current = (generation, week) }
        }
        return week
    }
}
