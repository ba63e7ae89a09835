import Enforcement
import Foundation
import GeoKit
import Store

/// The assigner of the stored areas, kept between field writes: reading and indexing a
/// province's towns and grids takes about a second, placing one source microseconds.
///
/// Made again when the areas are replaced (`AreaStore.areasRevision`), or the cell size or
/// metric CRS changes. One per server, shared by its requests.
public final class AssignerCache: @unchecked Sendable {
    private struct Key: Equatable {
        var revision: Int64
        var cellSize: Double
        var metricCRS: MetricCRS
    }

    private let lock = NSLock()
    private var current: (key: Key, assigner: SourceAssigner)?
    /// How far a source in no area may be snapped to the nearest, as `ingest sources` by default.
    public let snapDistance: Double

    public init(snapDistance: Double = 500) { self.snapDistance = snapDistance }

    func assigner(for store: any SourceRegister & AreaStore, metricCRS: MetricCRS) throws -> SourceAssigner {
        let key = Key(revision: try store.areasRevision(), cellSize: try store.storedCellSize(), metricCRS: metricCRS)
        lock.lock()
        defer { lock.unlock() }
        if let current, current.key == key { return current.assigner }
        let assigner = try AssignmentStep.makeAssigner(store, cellSize: key.cellSize, snapDistance: snapDistance, metricCRS: metricCRS)
        current = (key, assigner)
        return assigner
    }
}
