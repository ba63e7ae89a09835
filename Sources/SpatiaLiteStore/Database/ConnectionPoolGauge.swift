import Foundation
import Store

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
