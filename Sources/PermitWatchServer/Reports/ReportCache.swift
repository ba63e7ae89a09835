import Foundation
import NIOCore

/// Whole-province reports already made, by data generation and parameters, each computed once.
///
/// A weekly report replays the whole history (seconds of CPU on a province), yet for the same
/// data and parameters it is always the same bytes; a write moves the generation on and so makes
/// every kept report stale at once. Requests for a report being made wait for it rather than
/// make it again, so a crowd asking for Monday's report costs one computation.
///
/// While writes arrive (field writes, many a second), no two requests share a generation, yet
/// they still share computations: at most one computation per report runs at a time. A request
/// joins the running one when it started at the request's generation or later (its snapshot
/// then holds every write the client could have seen); otherwise it waits for it to end, and
/// the requests that waited share the next one, started at the newest generation. So every
/// answer holds every write made before the request, and under a stream of writes a report
/// costs one computation after another, not one per request.
///
/// Most field writes do not change a given report at all: a report of last week reads no event
/// of this week. A request may say so (`unchangedSince`, from the store's log of the dates each
/// field write added events on, `historyChanges(since:)`): the kept report then answers it as
/// it is, and is not made again while this week's inspections arrive.
actor ReportCache {
    private let kept: PageCache
    /// A report being made: the generation it started at, and its computation.
    private struct Flight {
        var id = UUID()
        var generation: Int64
        var task: Task<ByteBuffer, any Error>
    }
    private var running: [String: Flight] = [:]
    /// The newest report made of each key and its generation: it answers any request of that
    /// generation or an older one (it holds every write such a request could have seen).
    private var newest: [String: (generation: Int64, bytes: ByteBuffer)] = [:]
    /// Requests waiting for a computation older than they may be answered by.
    private(set) var waitingForNext = 0
    /// Requests answered by a report made at an earlier generation that the writes since left exact.
    private(set) var stillExact = 0

    /// - Parameters:
    ///   - budget: bytes of reports kept, least recently used dropped first; 0: none kept
    ///     (a crowd still shares one computation).
    ///   - largest: a report larger than this is sent but not kept.
    init(budget: Int, largest: Int) {
        kept = PageCache(budget: budget, largestPage: largest)
        self.largest = budget == 0 ? 0 : largest
    }

    /// The largest report `newest` holds (none without a budget).
    private let largest: Int

    /// The report for `key` at `generation` (the data's when the request came) or later: kept,
    /// being made, or made now.
    ///
    /// - Parameters:
    ///   - latest: the data's generation now, read before a computation starts.
    ///   - unchangedSince: given the generation a kept report was made at, the generation up to
    ///     which the writes since left it exact, or nil when they may have changed it: a report
    ///     of last week outlives the field writes of this one.
    /// - Throws: what `make` throws (a refused parameter, `ServerBusy`); nothing is kept then.
    func report(
        for key: String, generation: Int64, latest: @escaping @Sendable () async throws -> Int64 = { Int64.min },
        unchangedSince: (@Sendable (Int64) async throws -> Int64?)? = nil,
        make: @escaping @Sendable () async throws -> [UInt8]
    ) async throws -> ByteBuffer {
        if let bytes = kept.page(for: key, generation: generation) { return bytes }
        var checked = false
        while true {
            if let made = newest[key], made.generation >= generation { return made.bytes }
            if !checked, let unchangedSince, let made = newest[key] {
                // Asked once a request; a failed check (a busy server) only means making it again.
                checked = true
                if let through = try? await unchangedSince(made.generation), through >= generation {
                    if let current = newest[key], current.generation < through {
                        // Whatever replaced it meanwhile was made later still, and is as exact.
                        newest[key] = (through, current.bytes)
                    }
                    stillExact += 1
                    return made.bytes
                }
                continue
            }
            if let flight = running[key] {
                if flight.generation >= generation { return try await flight.task.value }
                // Older than what this request must see: wait for its end, then share the next.
                waitingForNext += 1
                _ = try? await flight.task.value
                waitingForNext -= 1
                if running[key]?.id == flight.id { running[key] = nil }
                continue
            }
            let start = max(generation, try await latest())
            if running[key] != nil { continue }  // another request started one meanwhile
            let flight = Flight(generation: start, task: Task { ByteBuffer(bytes: try await make()) })
            running[key] = flight
            do {
                let bytes = try await flight.task.value
                kept.store(bytes, for: key, generation: start)
                if (newest[key]?.generation ?? .min) < start, bytes.readableBytes <= largest {
                    // A few dozen reports at most: the page cache keeps the rest by generation.
                    if newest[key] == nil, newest.count >= 64, let any = newest.keys.first { newest[any] = nil }
                    newest[key] = (start, bytes)
                }
                if running[key]?.id == flight.id { running[key] = nil }
                return bytes
            } catch {
                if running[key]?.id == flight.id { running[key] = nil }
                throw error
            }
        }
    }
}
