import Foundation

/// Per-chunk results written from `concurrentPerform`, each slot by one iteration.
public final class ChunkResults<T: Sendable>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = NSLock()

    public init(count: Int) { storage = Array(repeating: nil, count: count) }

    public func set(_ index: Int, _ value: T) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    public var values: [T?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
