import CGEOS

/// A GEOS geometry owned by Swift: destroyed with its context when the last reference goes.
///
/// It keeps a strong reference to its `GEOSContext` because GEOS needs the same context to
/// destroy it, and a geometry used with another context is undefined behaviour. Like the context
/// it is not `Sendable`; cross threads with GeoKit values (`MultiPolygon`, ...) or WKB instead.
public final class GEOSGeometry {
    /// The context that made this geometry; every operation on it runs there.
    public let context: GEOSContext
    /// The owned GEOS pointer. Internal: raw pointers never leave GeoKit.
    let pointer: OpaquePointer

    /// Takes ownership of a geometry GEOS just returned (a new, caller-owned object).
    init(owning pointer: OpaquePointer, context: GEOSContext) {
        self.pointer = pointer
        self.context = context
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, pointer)
    }

    /// Wraps the result of a GEOS call that returns a new geometry or NULL.
    static func make(
        _ operation: String, context: GEOSContext, _ body: (GEOSContextHandle_t) -> OpaquePointer?
    ) throws -> GEOSGeometry {
        let pointer = try context.check(operation, body)
        return GEOSGeometry(owning: pointer, context: context)
    }

    /// Throws unless `other` lives in the same context: mixing contexts is a threading bug.
    func requireSameContext(_ other: GEOSGeometry, _ operation: String) throws {
        guard other.context === context else { throw GEOSError.contextMismatch(operation: operation) }
    }

    // MARK: - From GeoKit values

    /// A GEOS point, for distance and point-in-polygon work.
    public convenience init(point: Coordinate, context: GEOSContext) throws {
        let pointer = try context.check("GEOSGeom_createPointFromXY_r") {
            GEOSGeom_createPointFromXY_r($0, point.x, point.y)
        }
        self.init(owning: pointer, context: context)
    }

    /// A GEOS linestring, for routes and boundaries. Needs at least two coordinates, as GEOS does.
    public convenience init(lineString coordinates: [Coordinate], context: GEOSContext) throws {
        guard coordinates.count >= 2 else {
            throw GEOSError.invalidInput("a linestring needs at least 2 points, got \(coordinates.count)")
        }
        let sequence = try Self.makeSequence(coordinates, context: context)
        // GEOS takes ownership of the sequence whether or not the construction succeeds.
        let pointer = try context.check("GEOSGeom_createLineString_r") {
            GEOSGeom_createLineString_r($0, sequence)
        }
        self.init(owning: pointer, context: context)
    }

    /// The rectangle of a bounding box, used as the query envelope of an `STRtree`.
    public convenience init(box: BoundingBox, context: GEOSContext) throws {
        guard !box.isEmpty else { throw GEOSError.invalidInput("cannot make a geometry of an empty bounding box") }
        let pointer = try context.check("GEOSGeom_createRectangle_r") {
            GEOSGeom_createRectangle_r($0, box.minX, box.minY, box.maxX, box.maxY)
        }
        self.init(owning: pointer, context: context)
    }

    /// A GEOS polygon. Rings must be closed and have at least 4 coordinates (GeoJSON's rule);
    /// they are checked here, not repaired, so that bad input gets a message naming the ring.
    /// A polygon without rings becomes an empty polygon.
    public convenience init(_ polygon: Polygon, context: GEOSContext) throws {
        let pointer = try Self.makePolygon(polygon, context: context)
        self.init(owning: pointer, context: context)
    }

    /// A GEOS multipolygon (always MULTIPOLYGON, even with one part, so that round trips keep
    /// the type every area is stored as).
    public convenience init(_ multi: MultiPolygon, context: GEOSContext) throws {
        var parts: [OpaquePointer?] = []
        parts.reserveCapacity(multi.polygons.count)
        do {
            for (index, polygon) in multi.polygons.enumerated() {
                do {
                    parts.append(try Self.makePolygon(polygon, context: context))
                } catch GEOSError.invalidInput(let reason) {
                    throw GEOSError.invalidInput("polygon \(index): \(reason)")
                }
            }
        } catch {
            for part in parts { if let part { GEOSGeom_destroy_r(context.handle, part) } }
            throw error
        }
        let count = UInt32(parts.count)
        let type = Int32(GEOS_MULTIPOLYGON.rawValue)
        // GEOS (3.8 and later) takes ownership of the parts on entry, and frees them itself
        // if the construction throws: never free them here after this call.
        let pointer = try context.check("GEOSGeom_createCollection_r") { handle in
            parts.withUnsafeMutableBufferPointer {
                GEOSGeom_createCollection_r(handle, type, $0.baseAddress, count)
            }
        }
        self.init(owning: pointer, context: context)
    }

    /// A copy in the same context, for APIs that consume their input.
    public func clone() throws -> GEOSGeometry {
        try Self.make("GEOSGeom_clone_r", context: context) { GEOSGeom_clone_r($0, pointer) }
    }

    // MARK: - Construction helpers

    /// A coordinate sequence GEOS will own once it is handed to a geometry constructor.
    static func makeSequence(_ coordinates: [Coordinate], context: GEOSContext) throws -> OpaquePointer {
        var flat: [Double] = []
        flat.reserveCapacity(coordinates.count * 2)
        for c in coordinates {
            flat.append(c.x)
            flat.append(c.y)
        }
        let count = UInt32(coordinates.count)
        return try context.check("GEOSCoordSeq_copyFromBuffer_r") { handle in
            flat.withUnsafeBufferPointer { GEOSCoordSeq_copyFromBuffer_r(handle, $0.baseAddress, count, 0, 0) }
        }
    }

    /// Checks a ring before GEOS sees it, so the error names the problem in GeoJSON terms.
    static func validateRing(_ ring: [Coordinate], index: Int) throws {
        let name = index == 0 ? "exterior ring" : "hole \(index)"
        guard ring.count >= 4 else {
            throw GEOSError.invalidInput("\(name) has \(ring.count) coordinates; a closed ring needs at least 4")
        }
        guard ring.first == ring.last else {
            throw GEOSError.invalidInput("\(name) is not closed (first and last coordinates differ)")
        }
        guard ring.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            throw GEOSError.invalidInput("\(name) has a non-finite coordinate")
        }
    }

    /// Builds a caller-owned polygon pointer, freeing everything already built on failure.
    static func makePolygon(_ polygon: Polygon, context: GEOSContext) throws -> OpaquePointer {
        if polygon.rings.isEmpty {
            return try context.check("GEOSGeom_createEmptyPolygon_r") { GEOSGeom_createEmptyPolygon_r($0) }
        }
        for (index, ring) in polygon.rings.enumerated() { try validateRing(ring, index: index) }

        var rings: [OpaquePointer?] = []
        rings.reserveCapacity(polygon.rings.count)
        do {
            for ring in polygon.rings {
                let sequence = try makeSequence(ring, context: context)
                // createLinearRing consumes the sequence even when it fails.
                rings.append(try context.check("GEOSGeom_createLinearRing_r") {
                    GEOSGeom_createLinearRing_r($0, sequence)
                })
            }
        } catch {
            for ring in rings { if let ring { GEOSGeom_destroy_r(context.handle, ring) } }
            throw error
        }
        let shell = rings[0]
        var holes = Array(rings.dropFirst())
        let holeCount = UInt32(holes.count)
        // GEOS takes ownership of shell and holes, and frees them itself on failure
        // (GEOS ticket #1111, fixed before 3.11): never free them here after this call.
        return try context.check("GEOSGeom_createPolygon_r") { handle in
            holes.withUnsafeMutableBufferPointer {
                GEOSGeom_createPolygon_r(handle, shell, $0.baseAddress, holeCount)
            }
        }
    }
}

@available(*, unavailable, message: "GEOS geometries belong to a thread-confined GEOSContext")
extension GEOSGeometry: Sendable {}
