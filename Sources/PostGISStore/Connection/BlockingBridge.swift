import Foundation

/// Runs PostgresNIO's async calls for the store's blocking callers.
///
/// The store's roles are synchronous (the server calls them from its worker threads, the CLI
/// from its command), and PostgresNIO's `COPY` and connection set-up are async. The async work
/// runs as a task on a thread of the bridge's own (`TaskExecutor`), never on Swift's
/// cooperative pool: a caller blocked on the cooperative pool (the CLI's command) waiting for a
/// task that needs that same pool would deadlock on a one-core machine.
final class BlockingBridge: TaskExecutor, @unchecked Sendable {
    static let shared = BlockingBridge()

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [unowned self] in self.runJobs() }
        thread.name = "permitwatch-postgres"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func runJobs() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }

    /// Runs `body` on the bridge's thread and waits for it. `body` may block (a load reading its
    /// file between two writes): it holds only the bridge's thread, whose other tasks wait.
    func run<T>(_ body: @escaping () async throws -> T) throws -> T {
        precondition(Thread.current.name != "permitwatch-postgres", "a blocking PostgreSQL call made from the bridge's own thread")
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome<T>()
        let unchecked = UncheckedBody(body: body)
        Task(executorPreference: self) {
            do {
                outcome.result = .success(try await unchecked.body())
            } catch {
                outcome.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try outcome.result!.get()
    }

    /// The result handed from the task to the waiting caller; the semaphore orders the accesses.
    private final class Outcome<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }

    /// The caller is blocked until `body` has run, so what it captures is never used by two threads at once.
    private struct UncheckedBody<T>: @unchecked Sendable {
        let body: () async throws -> T
    }
}
