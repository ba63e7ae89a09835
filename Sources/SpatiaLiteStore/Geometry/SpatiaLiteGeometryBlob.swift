import GeoKit
import Store

/// SpatiaLite's internal BLOB geometry format, written and read in process.
///
/// Building the blob in Swift instead of calling `MakePoint()` or `GeomFromWKB()` per row is
/// what lets a bulk load insert hundreds of thousands of rows per second. Layout (little
/// endian): 0x00, 0x01, SRID, MBR (4 doubles), 0x7C, class, body, 0xFE; each polygon of a
/// collection is preceded by the entity mark 0x69 and its class.
enum SpatiaLiteGeometryBlob {
    static let srid: Int32 = 4326
    private static let pointClass: Int32 = 1
    private static let lineStringClass: Int32 = 2
    private static let polygonClass: Int32 = 3
    private static let multiPolygonClass: Int32 = 6

    static func point(_ c: Coordinate) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(60)
        appendPoint(c, to: &out)
        return out
    }

    /// Appends a POINT blob to `out`, for bulk loads that reuse one buffer.
    static func appendPoint(_ c: Coordinate, to out: inout [UInt8]) {
        header(&out, box: BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y), geometryClass: pointClass)
        append(&out, c.x)
        append(&out, c.y)
        out.append(0xFE)
    }

    static func lineString(_ coordinates: [Coordinate]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(48 + coordinates.count * 16)
        header(&out, box: BoundingBox(covering: coordinates), geometryClass: lineStringClass)
        appendPositions(coordinates, to: &out)
        out.append(0xFE)
        return out
    }

    static func multiPolygon(_ geometry: MultiPolygon) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(48 + geometry.vertexCount * 16 + geometry.polygons.count * 9)
        header(&out, box: geometry.boundingBox, geometryClass: multiPolygonClass)
        append(&out, Int32(geometry.polygons.count))
        for polygon in geometry.polygons {
            out.append(0x69)
            append(&out, polygonClass)
            append(&out, Int32(polygon.rings.count))
            for ring in polygon.rings { appendPositions(ring, to: &out) }
        }
        out.append(0xFE)
        return out
    }

    /// Decodes a POINT, LINESTRING, POLYGON or MULTIPOLYGON blob written by SpatiaLite or by this type.
    static func decode(_ blob: [UInt8]) throws -> GeoJSONGeometry {
        guard blob.count >= 44, blob[0] == 0x00, blob[38] == 0x7C, blob.last == 0xFE else {
            throw StoreError(message: "not a SpatiaLite geometry blob (\(blob.count) bytes)")
        }
        var reader = Reader(bytes: blob)
        reader.littleEndian = blob[1] == 0x01
        reader.offset = 39
        switch try reader.int32() {
        case pointClass:
            return .point(Coordinate(try reader.double(), try reader.double()))
        case lineStringClass:
            let n = try reader.int32()
            guard n >= 0, reader.offset + Int(n) * 16 <= blob.count else { throw StoreError(message: "truncated SpatiaLite geometry blob") }
            var coordinates = [Coordinate]()
            coordinates.reserveCapacity(Int(n))
            for _ in 0..<n { coordinates.append(Coordinate(try reader.double(), try reader.double())) }
            return .lineString(coordinates)
        case polygonClass:
            return .polygon(try reader.polygonBody())
        case multiPolygonClass:
            let count = try reader.int32()
            var polygons = [Polygon]()
            polygons.reserveCapacity(Int(max(count, 0)))
            for _ in 0..<count {
                guard try reader.byte() == 0x69, try reader.int32() == polygonClass else {
                    throw StoreError(message: "malformed MULTIPOLYGON blob: expected a polygon entity")
                }
                polygons.append(try reader.polygonBody())
            }
            return .multiPolygon(MultiPolygon(polygons: polygons))
        case let other:
            throw StoreError(message: "geometry class \(other) is not supported (points, lines and polygons are)")
        }
    }

    /// Decodes a POLYGON or MULTIPOLYGON blob as a MultiPolygon.
    static func decodeMultiPolygon(_ blob: [UInt8]) throws -> MultiPolygon {
        switch try decode(blob) {
        case .polygon(let polygon): return MultiPolygon(polygons: [polygon])
        case .multiPolygon(let multi): return multi
        case let other: throw StoreError(message: "expected a POLYGON or MULTIPOLYGON blob, found a \(other.typeName)")
        }
    }

    /// A count, then the positions: a LINESTRING's body, or a ring of a POLYGON.
    private static func appendPositions(_ coordinates: [Coordinate], to out: inout [UInt8]) {
        append(&out, Int32(coordinates.count))
        for c in coordinates {
            append(&out, c.x)
            append(&out, c.y)
        }
    }

    private static func header(_ out: inout [UInt8], box: BoundingBox, geometryClass: Int32) {
        out.append(0x00)
        out.append(0x01)
        append(&out, srid)
        append(&out, box.minX)
        append(&out, box.minY)
        append(&out, box.maxX)
        append(&out, box.maxY)
        out.append(0x7C)
        append(&out, geometryClass)
    }

    @inline(__always)
    private static func append(_ out: inout [UInt8], _ value: Int32) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    @inline(__always)
    private static func append(_ out: inout [UInt8], _ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0
        var littleEndian = true

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw truncated }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func int32() throws -> Int32 {
            guard offset + 4 <= bytes.count else { throw truncated }
            var raw: UInt32 = 0
            for i in 0..<4 { raw |= UInt32(bytes[offset + i]) << (8 * i) }
            offset += 4
            return Int32(bitPattern: littleEndian ? raw : raw.byteSwapped)
        }

        mutating func double() throws -> Double {
            guard offset + 8 <= bytes.count else { throw truncated }
            var raw: UInt64 = 0
            for i in 0..<8 { raw |= UInt64(bytes[offset + i]) << (8 * i) }
            offset += 8
            return Double(bitPattern: littleEndian ? raw : raw.byteSwapped)
        }

        mutating func polygonBody() throws -> Polygon {
            let ringCount = try int32()
            var rings = [[Coordinate]]()
            rings.reserveCapacity(Int(max(ringCount, 0)))
            for _ in 0..<ringCount {
                let n = try int32()
                guard n >= 0, offset + Int(n) * 16 <= bytes.count else { throw truncated }
                var ring = [Coordinate]()
                ring.reserveCapacity(Int(n))
                for _ in 0..<n { ring.append(Coordinate(try double(), try double())) }
                rings.append(ring)
            }
            return Polygon(rings: rings)
        }

        var truncated: StoreError { StoreError(message: "truncated SpatiaLite geometry blob") }
    }
}

/// Decodes the geometry blobs SpatiaLite stores, for the query runner's GeoJSON output.
public enum SpatiaLiteGeometry {
    /// A POINT, LINESTRING, POLYGON or MULTIPOLYGON blob as a GeoJSON geometry.
    public static func decode(_ blob: [UInt8]) throws -> GeoJSONGeometry {
        try SpatiaLiteGeometryBlob.decode(blob)
    }

    /// The coordinate of a POINT blob read in place, without decoding into a geometry value
    /// (an export of every source has 680,000 of them); nil for anything but a point.
    public static func point(in blob: UnsafeRawBufferPointer) -> Coordinate? {
        guard blob.count == 60, blob[0] == 0x00, blob[38] == 0x7C, blob[59] == 0xFE else { return nil }
        let little = blob[1] == 0x01
        func int32(_ offset: Int) -> Int32 {
            let raw = blob.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            return little ? Int32(littleEndian: raw) : Int32(bigEndian: raw)
        }
        func double(_ offset: Int) -> Double {
            let raw = blob.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            return Double(bitPattern: little ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw))
        }
        guard int32(39) == 1 else { return nil }
        return Coordinate(double(43), double(51))
    }
}
