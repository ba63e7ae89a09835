import Foundation

/// The `SourcePointIndex` of a database's last few generations.
///
/// One index is made at a time, and a reader of its generation either waits for it rather than
/// make its own (a province takes about half a second and 30 MB to read from SpatiaLite, a few
/// seconds from PostgreSQL: one copy is enough) or, asked not to wait, answers another way.
/// Readers of the generations already kept are never held up by the making. A few generations
/// are kept because, during a burst of writes, a reader whose snapshot began just before a
/// commit still needs the index of the generation before it; patched indexes share their
/// unchanged arrays, so each costs little more than the columns a write changed.
final class SourcePointIndexCache: @unchecked Sendable {
    /// Guards `recent`, held only to look it up or change it.
    private let lock = NSLock()
    /// Held while an index is made: one at a time.
    private let making = NSLock()
    /// Newest last.
    private var recent: [SourcePointIndex] = []
    private let keep = 4

    /// The index for `generation`; made with `build` (given the newest index older than
    /// `generation`, to patch) when none is cached. Without `waiting`, nil when another thread
    /// is making one now.
    func index(
        for generation: Int64, waiting: Bool = true, build: (_ previous: SourcePointIndex?) throws -> SourcePointIndex
    ) rethrows -> SourcePointIndex? {
        if let cached = lock.withLock({ recent.last { $0.generation == generation } }) { return cached }
        if waiting {
            making.lock()
        } else if !making.try() {
            return nil
        }
        defer { making.unlock() }
        // Made by the thread this one waited for?
        let (cached, previous) = lock.withLock {
            (recent.last { $0.generation == generation }, recent.last { $0.generation < generation })
        }
        if let cached { return cached }
        let fresh = try build(previous)
        lock.withLock {
            recent.append(fresh)
            recent.sort { $0.generation < $1.generation }
            if recent.count > keep { recent.removeFirst(recent.count - keep) }
        }
        return fresh
    }
}
