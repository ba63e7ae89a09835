import Foundation
import GeoKit

/// The store's metric CRS as last read, with the data generation it was read at: while the
/// generation stands (nothing committed since), it is answered without a query or a parse; a
/// re-projection by another process moves the generation on, so a long-running server never
/// keeps measuring in a system the file has left.
///
/// The SQL function `permitwatch_cell_meets_box` reads `current` from here as well: it runs
/// inside a statement, where it cannot query the database itself.
final class MetricCRSCache: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (crs: MetricCRS, generation: Int64?)?

    /// The system last read or set.
    var current: MetricCRS? {
        lock.lock()
        defer { lock.unlock() }
        return value?.crs
    }

    /// The system last read, when it was read at `generation`.
    func remembered(at generation: Int64) -> MetricCRS? {
        lock.lock()
        defer { lock.unlock() }
        guard let value, value.generation == generation else { return nil }
        return value.crs
    }

    /// Remembers `crs`, read at `generation` (nil: not known, so the next `remembered` misses).
    func set(_ crs: MetricCRS, generation: Int64?) {
        lock.lock()
        value = (crs, generation)
        lock.unlock()
    }
}
