import CGEOS

extension GEOSGeometry {
    /// The GEOS type id (GEOS_POINT ... GEOS_GEOMETRYCOLLECTION).
    func typeID() throws -> Int32 {
        context.clearMessages()
        let id = GEOSGeomTypeId_r(context.handle, pointer)
        guard id >= 0 else { throw context.failure("GEOSGeomTypeId_r") }
        return id
    }

    /// The geometry type as GEOS names it ("Polygon", "MultiPolygon", ...), for error messages.
    public var typeName: String {
        guard let name = GEOSGeomType_r(context.handle, pointer) else { return "unknown" }
        defer { GEOSFree_r(context.handle, name) }
        return String(cString: name)
    }

    /// Whether the geometry has no points at all (a repair can collapse a sliver to nothing).
    public func isEmpty() throws -> Bool {
        try context.predicate("GEOSisEmpty_r") { GEOSisEmpty_r($0, pointer) }
    }

    /// The envelope, or `BoundingBox.empty` for an empty geometry; used to feed `STRtree`.
    public func boundingBox() throws -> BoundingBox {
        if try isEmpty() { return .empty }
        var box = BoundingBox.empty
        box.minX = try context.measure("GEOSGeom_getXMin_r") { GEOSGeom_getXMin_r($0, pointer, $1) }
        box.minY = try context.measure("GEOSGeom_getYMin_r") { GEOSGeom_getYMin_r($0, pointer, $1) }
        box.maxX = try context.measure("GEOSGeom_getXMax_r") { GEOSGeom_getXMax_r($0, pointer, $1) }
        box.maxY = try context.measure("GEOSGeom_getYMax_r") { GEOSGeom_getYMax_r($0, pointer, $1) }
        return box
    }

    /// Back to a GeoKit value, keeping only the areas.
    ///
    /// Repairs and overlays return whatever GEOS finds natural: a Polygon, a MultiPolygon, or a
    /// GeometryCollection mixing polygons with lines and points where parts collapsed. Every
    /// area in permitwatch is a MultiPolygon, so the polygonal parts are kept (in GEOS order)
    /// and the lower-dimension debris is dropped. A lone point or line has no area to keep and
    /// throws `GEOSError.notPolygonal`, because asking for one is a caller bug.
    public func toMultiPolygon() throws -> MultiPolygon {
        switch try typeID() {
        case Int32(GEOS_POLYGON.rawValue), Int32(GEOS_MULTIPOLYGON.rawValue),
            Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            var polygons: [Polygon] = []
            try Self.collectPolygons(pointer, context: context, into: &polygons)
            return MultiPolygon(polygons: polygons)
        default:
            throw GEOSError.notPolygonal(geometryType: typeName)
        }
    }

    /// A new MULTIPOLYGON holding copies of the polygonal parts (any type is accepted; points and
    /// lines contribute nothing), so repair results have one predictable type.
    func polygonalPart() throws -> GEOSGeometry {
        var parts: [OpaquePointer] = []
        Self.borrowPolygons(pointer, context: context, into: &parts)
        var clones: [OpaquePointer?] = []
        clones.reserveCapacity(parts.count)
        do {
            for part in parts {
                clones.append(try context.check("GEOSGeom_clone_r") { GEOSGeom_clone_r($0, part) })
            }
        } catch {
            for clone in clones { if let clone { GEOSGeom_destroy_r(context.handle, clone) } }
            throw error
        }
        let count = UInt32(clones.count)
        let type = Int32(GEOS_MULTIPOLYGON.rawValue)
        // Ownership of the clones passes to GEOS on entry, success or failure.
        return try Self.make("GEOSGeom_createCollection_r", context: context) { handle in
            clones.withUnsafeMutableBufferPointer {
                GEOSGeom_createCollection_r(handle, type, $0.baseAddress, count)
            }
        }
    }

    // MARK: - Walking GEOS structures

    /// Collects the borrowed (GEOS-owned) polygon pointers inside `geometry`, recursing into
    /// collections. Non-polygonal parts are skipped.
    static func borrowPolygons(_ geometry: OpaquePointer, context: GEOSContext, into parts: inout [OpaquePointer]) {
        let handle = context.handle
        switch GEOSGeomTypeId_r(handle, geometry) {
        case Int32(GEOS_POLYGON.rawValue):
            if GEOSisEmpty_r(handle, geometry) == 0 { parts.append(geometry) }
        case Int32(GEOS_MULTIPOLYGON.rawValue), Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            let count = GEOSGetNumGeometries_r(handle, geometry)
            guard count > 0 else { return }
            for index in 0..<count {
                if let child = GEOSGetGeometryN_r(handle, geometry, index) {
                    borrowPolygons(child, context: context, into: &parts)
                }
            }
        default:
            return
        }
    }

    static func collectPolygons(_ geometry: OpaquePointer, context: GEOSContext, into polygons: inout [Polygon]) throws {
        var parts: [OpaquePointer] = []
        borrowPolygons(geometry, context: context, into: &parts)
        polygons.reserveCapacity(polygons.count + parts.count)
        for part in parts { polygons.append(try readPolygon(part, context: context)) }
    }

    /// Reads one non-empty polygon's rings (exterior first) into a GeoKit value.
    static func readPolygon(_ polygon: OpaquePointer, context: GEOSContext) throws -> Polygon {
        let handle = context.handle
        context.clearMessages()
        guard let exterior = GEOSGetExteriorRing_r(handle, polygon) else {
            throw context.failure("GEOSGetExteriorRing_r")
        }
        var rings = [try readRing(exterior, context: context)]
        let holeCount = GEOSGetNumInteriorRings_r(handle, polygon)
        guard holeCount >= 0 else { throw context.failure("GEOSGetNumInteriorRings_r") }
        for index in 0..<holeCount {
            guard let hole = GEOSGetInteriorRingN_r(handle, polygon, index) else {
                throw context.failure("GEOSGetInteriorRingN_r")
            }
            rings.append(try readRing(hole, context: context))
        }
        return Polygon(rings: rings)
    }

    /// Reads the XY coordinates of a linestring or ring (Z and M are dropped).
    static func readRing(_ ring: OpaquePointer, context: GEOSContext) throws -> [Coordinate] {
        let handle = context.handle
        guard let sequence = GEOSGeom_getCoordSeq_r(handle, ring) else {
            throw context.failure("GEOSGeom_getCoordSeq_r")
        }
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(handle, sequence, &size) != 0 else {
            throw context.failure("GEOSCoordSeq_getSize_r")
        }
        guard size > 0 else { return [] }
        var flat = [Double](repeating: 0, count: Int(size) * 2)
        let status = flat.withUnsafeMutableBufferPointer {
            GEOSCoordSeq_copyToBuffer_r(handle, sequence, $0.baseAddress, 0, 0)
        }
        guard status != 0 else { throw context.failure("GEOSCoordSeq_copyToBuffer_r") }
        var coordinates: [Coordinate] = []
        coordinates.reserveCapacity(Int(size))
        for i in 0..<Int(size) { coordinates.append(Coordinate(flat[2 * i], flat[2 * i + 1])) }
        return coordinates
    }
}
