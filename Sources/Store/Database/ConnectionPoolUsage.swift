import Foundation

/// How busy a store's connection pool is, for a server's `/metrics`.
public struct ConnectionPoolUsage: Sendable, Hashable {
    /// Reads running now; more than `maximumReaders` means requests queue for a connection.
    public var readsInFlight: Int
    public var maximumReaders: Int
    /// Reads since the store opened.
    public var readsTotal: Int
}

/// Counts the reads of a pool as they start and end.
final class ConnectionPoolGauge: @unchecked Sendable {
    private let lock = NSLock()
    private var inFlight = 0
    private var total = 0
    let maximumReaders: Int

    init(maximumReaders: Int) { self.maximumReaders = maximumReaders }

    func begin() {
        lock.lock()
        inFlight += 1
        total += 1
        lock.unlock()
    }

    func end() {
        lock.lock()
        inFlight -= 1
        lock.unlock()
    }

    var usage: ConnectionPoolUsage {
        lock.lock()
        defer { lock.unlock() }
        return ConnectionPoolUsage(readsInFlight: inFlight, maximumReaders: maximumReaders, readsTotal: total)
    }
}
