import Foundation

/// Whole-province reports already made, by data generation and parameters, each computed once.
///
/// A weekly report replays the whole history (seconds of CPU on a province), yet for the same
/// data and parameters it is always the same bytes: a past week cannot change, and the current
/// one changes only with a write, which moves the generation on and so makes every kept report
/// stale at once. Requests for a report being made wait for it rather than make it again, so a
/// crowd asking for Monday's report costs one computation.
actor ReportCache {
    private let kept: PageCache
    private var making: [String: Task<[UInt8], any Error>] = [:]

    /// - Parameters:
    ///   - budget: bytes of reports kept, least recently used dropped first; 0: none kept
    ///     (a crowd still shares one computation).
    ///   - largest: a report larger than this is sent but not kept.
    init(budget: Int, largest: Int) {
        kept = PageCache(budget: budget, largestPage: largest)
    }

    /// The report for `key` at `generation`: kept, being made by another request, or made now.
    ///
    /// - Throws: what `make` throws (a refused parameter, `ServerBusy`); nothing is kept then.
    func report(for key: String, generation: Int64, make: @escaping @Sendable () async throws -> [UInt8]) async throws -> [UInt8] {
        if let bytes = kept.page(for: key, generation: generation) { return bytes }
        let slot = "\(generation)\u{0}\(key)"
        if let running = making[slot] { return try await running.value }
        let task = Task { try await make() }
        making[slot] = task
        defer { making[slot] = nil }
        let bytes = try await task.value
        kept.store(bytes, for: key, generation: generation)
        return bytes
    }
}
