import Foundation
import Store

/// The one `SourcePointIndex` of a database, rebuilt when the store's generation moves on.
///
/// Requests that arrive while it is being rebuilt wait for the new one rather than build their
/// own: a province takes about half a second and 30 MB, and one copy is enough.
final class SourcePointIndexCache: @unchecked Sendable {
    private let lock = NSLock()
    private var current: SourcePointIndex?

    /// The index for `generation`, built with `build` when the cached one is older.
    func index(for generation: Int64, build: () throws -> SourcePointIndex) rethrows -> SourcePointIndex {
        lock.lock()
        defer { lock.unlock() }
        if let current, current.generation == generation { return current }
        let fresh = try build()
        current = fresh
        return fresh
    }
}
