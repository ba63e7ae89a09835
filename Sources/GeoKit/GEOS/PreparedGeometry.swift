import CGEOS

/// A geometry pre-processed for many predicate tests against it, such as assigning hundreds of
/// thousands of sources to the town or grid polygon that contains them.
///
/// GEOS builds its segment index lazily on the first tests, so preparing pays off from a few
/// dozen tests on. The prepared geometry borrows its base geometry, which it keeps alive; like
/// everything from a `GEOSContext` it stays on one thread (the lazy index is not thread-safe).
public final class PreparedGeometry {
    /// The geometry that was prepared; kept alive because GEOS only borrows it.
    public let geometry: GEOSGeometry
    let prepared: OpaquePointer

    private var context: GEOSContext { geometry.context }

    public init(_ geometry: GEOSGeometry) throws {
        self.geometry = geometry
        self.prepared = try geometry.context.check("GEOSPrepare_r") { GEOSPrepare_r($0, geometry.pointer) }
    }

    deinit {
        GEOSPreparedGeom_destroy_r(geometry.context.handle, prepared)
    }

    /// Whether the point lies in the interior: a point exactly on the boundary is *not*
    /// contained. Use `covers` when a source on a grid line must belong somewhere.
    ///
    /// GEOS 3.11 has no GEOSPreparedContainsXY_r (added in 3.12), so a temporary point is built.
    public func contains(_ point: Coordinate) throws -> Bool {
        try contains(GEOSGeometry(point: point, context: context))
    }

    /// Whether the point lies in the interior or on the boundary.
    ///
    /// GEOS 3.11 has no GEOSPreparedIntersectsXY_r (added in 3.12); for a point, covers and
    /// intersects agree, and GEOSPreparedCovers_r on a temporary point is used.
    public func covers(_ point: Coordinate) throws -> Bool {
        try covers(GEOSGeometry(point: point, context: context))
    }

    /// Whether `other` lies in the interior of the prepared geometry.
    public func contains(_ other: GEOSGeometry) throws -> Bool {
        try geometry.requireSameContext(other, "GEOSPreparedContains_r")
        return try context.predicate("GEOSPreparedContains_r") { GEOSPreparedContains_r($0, prepared, other.pointer) }
    }

    /// Whether no point of `other` lies outside the prepared geometry.
    public func covers(_ other: GEOSGeometry) throws -> Bool {
        try geometry.requireSameContext(other, "GEOSPreparedCovers_r")
        return try context.predicate("GEOSPreparedCovers_r") { GEOSPreparedCovers_r($0, prepared, other.pointer) }
    }

    /// Whether `other` shares at least one point with the prepared geometry.
    public func intersects(_ other: GEOSGeometry) throws -> Bool {
        try geometry.requireSameContext(other, "GEOSPreparedIntersects_r")
        return try context.predicate("GEOSPreparedIntersects_r") {
            GEOSPreparedIntersects_r($0, prepared, other.pointer)
        }
    }

    /// Distance from a point to the prepared geometry, reusing the prepared index (0 inside).
    public func distance(to point: Coordinate) throws -> Double {
        let other = try GEOSGeometry(point: point, context: context)
        return try context.measure("GEOSPreparedDistance_r") {
            GEOSPreparedDistance_r($0, prepared, other.pointer, $1)
        }
    }
}

@available(*, unavailable, message: "prepared geometries belong to a thread-confined GEOSContext")
extension PreparedGeometry: Sendable {}
