import Foundation
import NIOPosix
#if canImport(Glibc)
    import Glibc
#endif

/// The server's fixed set of threads for blocking work (SQLite reads, analytics, reports,
/// route planning), and the limits that keep requests from piling onto it.
///
/// Every request that touches the database runs here: no thread is started per request, so
/// under load or from a hostile client the threads and the memory they hold stay bounded.
/// Expensive work (analytics on request, whole-province reports, route planning) passes a
/// second, smaller gate first, so it cannot take every thread from page reads.
final class WorkerPool: Sendable {
    /// How costly a piece of work is, and so which gates it passes.
    enum Work: Sendable {
        /// A page, a feature, a catalog query, metadata.
        case read
        /// Analytics, reports and route plans: seconds of CPU each.
        case expensive
        /// A field write or an uploaded snapshot: on the one writing thread, one at a time.
        case write
    }

    private let threads: NIOThreadPool
    private let reads: AdmissionGate
    private let expensive: AdmissionGate
    /// Writes wait for SQLite's one writer (an uploaded snapshot holds it for seconds): they
    /// wait on a thread of their own, never on a reader's.
    private let writeThread: NIOThreadPool
    private let writes: AdmissionGate
    /// Expensive work runs on threads of its own at a lower CPU priority (`nice` 10), so that
    /// reports made again after every write do not slow the page reads beside them; it still
    /// holds a reader's permit, so the work at once stays `--workers`.
    private let expensiveThreads: NIOThreadPool

    init(configuration: ServerConfiguration) {
        threads = NIOThreadPool(numberOfThreads: configuration.workers)
        threads.start()
        expensiveThreads = NIOThreadPool(numberOfThreads: configuration.expensiveWorkers)
        expensiveThreads.start()
        reads = AdmissionGate(
            name: "database reads", permits: configuration.workers, maximumWaiting: configuration.maximumWaiting,
            patience: configuration.queueWaitSeconds)
        expensive = AdmissionGate(
            name: "analytics, reports and route plans", permits: configuration.expensiveWorkers,
            maximumWaiting: configuration.maximumWaiting, patience: configuration.queueWaitSeconds)
        writeThread = NIOThreadPool(numberOfThreads: 1)
        writeThread.start()
        // A province's snapshot takes about ten seconds to load: writes behind it wait longer.
        writes = AdmissionGate(
            name: "writes", permits: 1, maximumWaiting: configuration.maximumWaiting, patience: max(configuration.queueWaitSeconds, 60))
    }

    deinit {
        threads.shutdownGracefully { _ in }
        writeThread.shutdownGracefully { _ in }
        expensiveThreads.shutdownGracefully { _ in }
    }

    /// Runs `body` on a worker thread once the gates let it, and returns its result.
    ///
    /// - Throws: `ServerBusy` when the request waited its limit; whatever `body` throws.
    func run<T: Sendable>(_ work: Work, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let permit = try await admit(work)
        defer { permit.release() }
        switch work {
        case .read: return try await threads.runIfActive(body)
        case .write: return try await writeThread.runIfActive(body)
        case .expensive:
            return try await expensiveThreads.runIfActive {
                LowPriorityThread.lower()
                return try body()
            }
        }
    }

    /// Starts `body` on a worker thread once the gates let it, without waiting for it to end;
    /// the permits go back when it ends. For producers that stream a response as they go.
    ///
    /// - Throws: `ServerBusy` before anything runs when the request waited its limit.
    func start(_ work: Work, _ body: @escaping @Sendable () -> Void) async throws {
        let permit = try await admit(work)
        precondition(work == .read, "only reads stream")
        threads.submit { state in
            defer { permit.release() }
            guard case .active = state else { return }
            body()
        }
    }

    /// Passes the gates for `work`; the permit gives back what was taken.
    private func admit(_ work: Work) async throws -> Permit {
        if work == .write {
            try await writes.acquire()
            return Permit(gates: [writes])
        }
        var taken: [AdmissionGate] = []
        do {
            if work == .expensive {
                try await expensive.acquire()
                taken.append(expensive)
            }
            try await reads.acquire()
            taken.append(reads)
        } catch {
            for gate in taken { gate.release() }
            throw error
        }
        return Permit(gates: taken)
    }

    /// The gates a running piece of work holds.
    private struct Permit: Sendable {
        let gates: [AdmissionGate]
        func release() { for gate in gates.reversed() { gate.release() } }
    }

    /// Work running and waiting now, by gate, for `/metrics`.
    var usage: [(gate: String, running: Int, waiting: Int)] {
        [reads, expensive, writes].map { ($0.name, $0.usage.running, $0.usage.waiting) }
    }
}

/// Lowers the calling thread's CPU priority once (Linux: a thread has its own nice value); the
/// threads of expensive work are never raised again (an unprivileged process could not).
enum LowPriorityThread {
    static func lower() {
        #if canImport(Glibc)
            let key = "permitwatch.low-priority"
            guard Thread.current.threadDictionary[key] == nil else { return }
            Thread.current.threadDictionary[key] = true
            // On Linux the nice value belongs to the thread: `who` 0 is the calling thread alone.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }
}
