import CGEOS

extension GEOSGeometry {
    // MARK: - Measures

    /// Planar area in the square of the coordinate unit: project to the dataset's `MetricCRS` first for m².
    public func area() throws -> Double {
        try context.measure("GEOSArea_r") { GEOSArea_r($0, pointer, $1) }
    }

    /// Planar distance to another geometry (0 when they intersect).
    public func distance(to other: GEOSGeometry) throws -> Double {
        try requireSameContext(other, "GEOSDistance_r")
        return try context.measure("GEOSDistance_r") { GEOSDistance_r($0, pointer, other.pointer, $1) }
    }

    /// Planar distance from a point to this geometry: how far a source lies outside an area.
    public func distance(to point: Coordinate) throws -> Double {
        try distance(to: GEOSGeometry(point: point, context: context))
    }

    // MARK: - Predicates

    /// Whether the two geometries share at least one point.
    public func intersects(_ other: GEOSGeometry) throws -> Bool {
        try requireSameContext(other, "GEOSIntersects_r")
        return try context.predicate("GEOSIntersects_r") { GEOSIntersects_r($0, pointer, other.pointer) }
    }

    /// Whether `other` lies in this geometry and touches its interior (boundary points are not
    /// contained). For many tests against one geometry use `PreparedGeometry`.
    public func contains(_ other: GEOSGeometry) throws -> Bool {
        try requireSameContext(other, "GEOSContains_r")
        return try context.predicate("GEOSContains_r") { GEOSContains_r($0, pointer, other.pointer) }
    }

    /// Whether no point of `other` lies outside this geometry (boundary points count).
    public func covers(_ other: GEOSGeometry) throws -> Bool {
        try requireSameContext(other, "GEOSCovers_r")
        return try context.predicate("GEOSCovers_r") { GEOSCovers_r($0, pointer, other.pointer) }
    }

    // MARK: - Constructive operations

    /// The union of all parts of this geometry (dissolves a GeometryCollection or overlapping
    /// MultiPolygon into non-overlapping areas).
    public func unaryUnion() throws -> GEOSGeometry {
        try Self.make("GEOSUnaryUnion_r", context: context) { GEOSUnaryUnion_r($0, pointer) }
    }

    /// The union of many geometries in one GEOS call (cascaded union), far faster than folding
    /// pairwise unions when dissolving towns into a county.
    public static func union(_ geometries: [GEOSGeometry], context: GEOSContext) throws -> GEOSGeometry {
        for geometry in geometries where geometry.context !== context {
            throw GEOSError.contextMismatch(operation: "GEOSUnaryUnion_r")
        }
        var clones: [OpaquePointer?] = []
        clones.reserveCapacity(geometries.count)
        do {
            for geometry in geometries {
                clones.append(try context.check("GEOSGeom_clone_r") { GEOSGeom_clone_r($0, geometry.pointer) })
            }
        } catch {
            for clone in clones { if let clone { GEOSGeom_destroy_r(context.handle, clone) } }
            throw error
        }
        let count = UInt32(clones.count)
        let type = Int32(GEOS_GEOMETRYCOLLECTION.rawValue)
        // GEOS owns the clones from here on, success or failure.
        let collection = try make("GEOSGeom_createCollection_r", context: context) { handle in
            clones.withUnsafeMutableBufferPointer {
                GEOSGeom_createCollection_r(handle, type, $0.baseAddress, count)
            }
        }
        return try collection.unaryUnion()
    }

    /// The union of GeoKit polygons, as a GeoKit value; the convenience most callers want.
    public static func union(_ polygons: [Polygon], context: GEOSContext) throws -> MultiPolygon {
        let collection = try GEOSGeometry(MultiPolygon(polygons: polygons), context: context)
        return try collection.unaryUnion().toMultiPolygon()
    }

    /// The smallest convex polygon containing the geometry (a cluster's outline).
    public func convexHull() throws -> GEOSGeometry {
        try Self.make("GEOSConvexHull_r", context: context) { GEOSConvexHull_r($0, pointer) }
    }

    /// A concave outline of the geometry's points, tighter than the convex hull.
    ///
    /// `ratio` runs from 0 (most concave) to 1 (the convex hull). GEOSConcaveHull_r exists from
    /// GEOS 3.11 on; the by-length variant does not (3.12), so only the ratio form is offered.
    public func concaveHull(ratio: Double, allowHoles: Bool = false) throws -> GEOSGeometry {
        guard (0...1).contains(ratio) else { throw GEOSError.invalidInput("concave hull ratio must be in 0...1, got \(ratio)") }
        return try Self.make("GEOSConcaveHull_r", context: context) {
            GEOSConcaveHull_r($0, pointer, ratio, allowHoles ? 1 : 0)
        }
    }

    /// The area within `distance` of the geometry (negative shrinks polygons), with round joins
    /// and caps. `quadrantSegments` segments approximate a quarter circle; 8 is GEOS's and
    /// shapely's default, so results match other tools at the same setting.
    public func buffer(_ distance: Double, quadrantSegments: Int = 8) throws -> GEOSGeometry {
        guard quadrantSegments >= 1, quadrantSegments <= Int(Int32.max) else {
            throw GEOSError.invalidInput("quadrantSegments must be at least 1, got \(quadrantSegments)")
        }
        return try Self.make("GEOSBuffer_r", context: context) {
            GEOSBuffer_r($0, pointer, distance, Int32(quadrantSegments))
        }
    }

    /// Fewer vertices within `tolerance`, never creating self-intersections or swallowing holes
    /// (Douglas-Peucker that preserves topology): boundaries for the map page stay valid.
    public func simplifyPreservingTopology(tolerance: Double) throws -> GEOSGeometry {
        guard tolerance >= 0, tolerance.isFinite else { throw GEOSError.invalidInput("simplify tolerance must be finite and >= 0") }
        return try Self.make("GEOSTopologyPreserveSimplify_r", context: context) {
            GEOSTopologyPreserveSimplify_r($0, pointer, tolerance)
        }
    }
}
