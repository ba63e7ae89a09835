import CGEOS

extension GEOSGeometry {
    /// Reads OGC WKB (either byte order; EWKB with SRID is also accepted, the SRID is ignored),
    /// because the store hands geometry over as WKB blobs.
    public convenience init(wkb: [UInt8], context: GEOSContext) throws {
        guard !wkb.isEmpty else { throw GEOSError.invalidInput("empty WKB") }
        let reader = try context.wkbReader()
        let pointer = try context.check("GEOSWKBReader_read_r") { handle in
            wkb.withUnsafeBufferPointer { GEOSWKBReader_read_r(handle, reader, $0.baseAddress, $0.count) }
        }
        self.init(owning: pointer, context: context)
    }

    /// Writes 2D little-endian OGC WKB without SRID, the common denominator of SpatiaLite
    /// (`GeomFromWKB`) and PostGIS (`ST_GeomFromWKB`).
    public func wkb() throws -> [UInt8] {
        let writer = try context.wkbWriter()
        var size = 0
        let bytes = try context.check("GEOSWKBWriter_write_r") { GEOSWKBWriter_write_r($0, writer, pointer, &size) }
        defer { GEOSFree_r(context.handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }
}
