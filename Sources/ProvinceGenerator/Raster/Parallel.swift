import Dispatch

/// Deterministic data parallelism: work is cut into fixed chunks whose results depend only on
/// their index range, never on which thread ran them or in what order.
enum Parallel {
    /// Chunks per call: a few per core so uneven chunks still balance on two cores.
    static let defaultChunks = 8

    /// Calls `body` for consecutive sub-ranges of 0..<count, concurrently.
    static func forEachChunk(count: Int, chunks: Int = defaultChunks, _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let n = max(1, min(chunks, count))
        if n == 1 {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: n) { k in
            let lower = count * k / n
            let upper = count * (k + 1) / n
            if lower < upper { body(lower..<upper) }
        }
    }

    /// Formats `count` records in fixed chunks of `chunkSize`, a batch of chunks at a time in
    /// parallel, handing each chunk's bytes to `write` in order. Chunk boundaries do not depend
    /// on the number of threads, and only one batch is held in memory.
    static func formatInBatches(
        count: Int, chunkSize: Int, batch: Int = 8, _ format: @Sendable (Range<Int>) -> [UInt8],
        write: ([UInt8]) throws -> Void
    ) rethrows {
        let chunks = (count + chunkSize - 1) / max(chunkSize, 1)
        var first = 0
        while first < chunks {
            let n = min(batch, chunks - first)
            let start = first
            let blocks = map(count: n) { k in
                let lower = (start + k) * chunkSize
                return format(lower..<min(lower + chunkSize, count))
            }
            for block in blocks { try write(block) }
            first += n
        }
    }

    /// Runs `count` independent jobs concurrently and returns their results in index order.
    static func map<T: Sendable>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let box = ResultBox<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { k in
            box.store(body(k), at: k)
        }
        return box.values()
    }
}

/// Slots written once each by concurrent jobs; read after all jobs have finished.
///
/// Raw memory rather than a Swift array, so concurrent writers never touch a shared array value.
private final class ResultBox<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = UnsafeMutablePointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ value: T, at index: Int) { slots[index] = value }

    func values() -> [T] { (0..<count).compactMap { slots[$0] } }
}
