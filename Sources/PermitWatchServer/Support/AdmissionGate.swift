import Foundation

/// A limit on how many requests run a kind of work at once, with a bounded, patient queue.
///
/// A request takes a permit and gives it back when its work ends. When none is free it waits,
/// first come first served, for at most `patience` seconds; when `maximumWaiting` requests
/// already wait, or its patience runs out, it is refused with `ServerBusy` (503 with
/// Retry-After). So one client, or a crowd, can hold neither more threads nor more memory than
/// the limits allow.
final class AdmissionGate: @unchecked Sendable {
    private let lock = NSLock()
    private var available: Int
    private var waiting: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0
    let permits: Int
    let maximumWaiting: Int
    let patience: Double
    let name: String

    init(name: String, permits: Int, maximumWaiting: Int, patience: Double) {
        precondition(permits > 0)
        self.name = name
        self.permits = permits
        available = permits
        self.maximumWaiting = maximumWaiting
        self.patience = patience
    }

    /// Takes a permit, waiting for one up to `patience` seconds.
    ///
    /// - Throws: `ServerBusy` when the queue is full or the wait runs out.
    func acquire() async throws {
        let refusal = ServerBusy(work: name, retryAfter: max(1, Int(patience.rounded(.up))))
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            lock.lock()
            if available > 0 {
                available -= 1
                lock.unlock()
                continuation.resume()
                return
            }
            guard waiting.count < maximumWaiting else {
                lock.unlock()
                continuation.resume(throwing: refusal)
                return
            }
            nextID += 1
            let id = nextID
            waiting.append((id, continuation))
            lock.unlock()
            let patience = patience
            Task { [weak self] in
                try? await Task.sleep(nanoseconds: UInt64(patience * 1e9))
                self?.expire(id, refusal: refusal)
            }
        }
    }

    /// Gives a permit back: to the longest-waiting request, or to the pool.
    func release() {
        lock.lock()
        if waiting.isEmpty {
            available += 1
            lock.unlock()
        } else {
            let next = waiting.removeFirst()
            lock.unlock()
            next.continuation.resume()
        }
    }

    /// Refuses a request whose patience ran out, unless it got its permit first.
    private func expire(_ id: UInt64, refusal: ServerBusy) {
        lock.lock()
        guard let index = waiting.firstIndex(where: { $0.id == id }) else {
            lock.unlock()
            return
        }
        let expired = waiting.remove(at: index)
        lock.unlock()
        expired.continuation.resume(throwing: refusal)
    }

    /// Requests running and waiting now, for `/metrics`.
    var usage: (running: Int, waiting: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (permits - available, waiting.count)
    }
}
