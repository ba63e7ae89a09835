import Foundation
import Store

/// The `SourcePointIndex` of a database's last few generations.
///
/// Requests that arrive while one is being made wait for it rather than make their own: a
/// province takes about half a second to read from SpatiaLite (a few seconds from PostgreSQL)
/// and 30 MB, and one copy is enough. A few
/// generations are kept because, during a burst of writes, a reader whose snapshot began just
/// before a commit still needs the index of the generation before it; patched indexes share
/// their unchanged arrays, so each costs little more than the columns a write changed.
final class SourcePointIndexCache: @unchecked Sendable {
    private let lock = NSLock()
    /// Newest last.
    private var recent: [SourcePointIndex] = []
    private let keep = 4

    /// The index for `generation`; made with `build` (given the newest index older than
    /// `generation`, to patch) when none is cached.
    func index(for generation: Int64, build: (_ previous: SourcePointIndex?) throws -> SourcePointIndex) rethrows -> SourcePointIndex {
        lock.lock()
        defer { lock.unlock() }
        if let cached = recent.last(where: { $0.generation == generation }) { return cached }
        let previous = recent.last(where: { $0.generation < generation })
        let fresh = try build(previous)
        recent.append(fresh)
        recent.sort { $0.generation < $1.generation }
        if recent.count > keep { recent.removeFirst(recent.count - keep) }
        return fresh
    }
}
