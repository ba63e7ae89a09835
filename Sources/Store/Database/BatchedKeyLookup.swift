import Foundation

/// Looks up batches of keys in a finished `ByteKeyIndex` on a thread of its own, in the order
/// they were submitted, while the submitting thread goes on reading rows: the lookups are
/// random accesses into a large table, SQLite's stepping is not, and the two overlap.
final class BatchedKeyLookup: @unchecked Sendable {
    /// Keys end to end and where each ends.
    struct Batch: Sendable {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var count: Int { ends.count }

        mutating func append(_ key: UnsafeBufferPointer<UInt8>) {
            bytes.append(contentsOf: key)
            ends.append(bytes.count)
        }
    }

    private let index: ByteKeyIndex
    private let queue = DispatchQueue(label: "permitwatch.store.key-lookup")
    /// Touched only on `queue`.
    private var found: [Int32] = []

    init(index: ByteKeyIndex, expected: Int) {
        self.index = index
        found.reserveCapacity(expected)
    }

    func submit(_ batch: Batch) {
        queue.async { [self] in
            batch.bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for end in batch.ends {
                    found.append(index.find(UnsafeBufferPointer(rebasing: bytes[start..<end])) ?? -1)
                    start = end
                }
            }
        }
    }

    /// Every submitted key's index (-1: not in the index), once all are looked up.
    func results() -> [Int32] { queue.sync { found } }
}
