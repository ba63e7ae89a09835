import Foundation
import GeoKit

/// The store's metric CRS once read: it changes only by a re-projection through the same
/// store (or the first ingest's adoption), which sets it here too, so every later use is a
/// lock, not a query and a parse.
///
/// The SQL function `permitwatch_cell_meets_box` reads it from here as well: it runs inside
/// a statement, where it cannot query the database itself.
final class MetricCRSCache: @unchecked Sendable {
    private let lock = NSLock()
    private var value: MetricCRS?

    /// The remembered system; nil until one was read or set.
    var current: MetricCRS? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    /// The remembered system, or `read()`'s, remembered when it finds one.
    func get(_ read: () throws -> MetricCRS?) rethrows -> MetricCRS? {
        if let known = current { return known }
        let found = try read()
        if let found { set(found) }
        return found
    }

    func set(_ crs: MetricCRS) {
        lock.lock()
        value = crs
        lock.unlock()
    }
}
