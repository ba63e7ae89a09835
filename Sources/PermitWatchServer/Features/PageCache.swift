import Foundation
import NIOCore

/// Recently sent items pages, by data generation and request, up to a byte budget.
///
/// GIS clients ask for the same pages again and again (QGIS re-requests a view when panning
/// back, every planner's map opens on the same districts). A page is reused only while the
/// store's generation is the one it was made at, so an import makes every cached page stale
/// at once; the least recently used pages go first when the budget is reached. Pages are kept
/// as the buffers a response sends, so a page sent again is not copied again.
final class PageCache: @unchecked Sendable {
    private struct Entry {
        var bytes: ByteBuffer
        var lastUse: UInt64
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var generation: Int64 = -1
    private var bytesHeld = 0
    private var clock: UInt64 = 0
    let budget: Int
    /// Pages larger than this are never kept (a 10,000-feature page is read once, by a script).
    let largestPage: Int

    init(budget: Int, largestPage: Int = 2 << 20) {
        self.budget = budget
        self.largestPage = largestPage
    }

    func page(for key: String, generation: Int64) -> ByteBuffer? {
        guard budget > 0 else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard generation == self.generation, var entry = entries[key] else { return nil }
        clock += 1
        entry.lastUse = clock
        entries[key] = entry
        return entry.bytes
    }

    func store(_ bytes: ByteBuffer, for key: String, generation: Int64) {
        guard budget > 0, bytes.readableBytes <= largestPage, bytes.readableBytes <= budget else { return }
        lock.lock()
        defer { lock.unlock() }
        if generation != self.generation {
            entries.removeAll()
            bytesHeld = 0
            self.generation = generation
        }
        clock += 1
        if let old = entries.updateValue(Entry(bytes: bytes, lastUse: clock), forKey: key) { bytesHeld -= old.bytes.readableBytes }
        bytesHeld += bytes.readableBytes
        while bytesHeld > budget, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            bytesHeld -= oldest.value.bytes.readableBytes
            entries.removeValue(forKey: oldest.key)
        }
    }
}
