import GeoKit
import NIOCore
import Store

/// Well-known binary, the form PostGIS takes (`ST_GeomFromWKB`) and gives (`ST_AsBinary`)
/// geometries in: little-endian out, either byte order in.
enum WKB {
    static func multiPolygon(_ geometry: MultiPolygon) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(9 + geometry.vertexCount * 16 + geometry.polygons.count * 13)
        bytes.append(1)
        append(UInt32(6), to: &bytes)
        append(UInt32(geometry.polygons.count), to: &bytes)
        for polygon in geometry.polygons {
            bytes.append(1)
            append(UInt32(3), to: &bytes)
            append(UInt32(polygon.rings.count), to: &bytes)
            for ring in polygon.rings { appendPoints(ring, to: &bytes) }
        }
        return bytes
    }

    static func lineString(_ coordinates: [Coordinate]) -> [UInt8] {
        var bytes: [UInt8] = [1]
        append(UInt32(2), to: &bytes)
        appendPoints(coordinates, to: &bytes)
        return bytes
    }

    static func point(_ point: Coordinate) -> [UInt8] {
        var bytes: [UInt8] = [1]
        append(UInt32(1), to: &bytes)
        append(point.x.bitPattern, to: &bytes)
        append(point.y.bitPattern, to: &bytes)
        return bytes
    }

    private static func appendPoints(_ points: [Coordinate], to bytes: inout [UInt8]) {
        append(UInt32(points.count), to: &bytes)
        for point in points {
            append(point.x.bitPattern, to: &bytes)
            append(point.y.bitPattern, to: &bytes)
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A polygon or multipolygon as a `MultiPolygon`.
    static func decodeMultiPolygon(_ buffer: ByteBuffer) throws -> MultiPolygon {
        switch try decodeGeometry(buffer) {
        case .polygon(let polygon): return MultiPolygon(polygons: [polygon])
        case .multiPolygon(let multiPolygon): return multiPolygon
        default: throw StoreError(message: "a geometry other than a polygon where one was expected")
        }
    }

    /// A line string's points.
    static func decodeLineString(_ buffer: ByteBuffer) throws -> [Coordinate] {
        guard case .lineString(let points) = try decodeGeometry(buffer) else {
            throw StoreError(message: "a geometry other than a line string where one was expected")
        }
        return points
    }
}

extension WKB {
    /// Any geometry in (E)WKB, as PostGIS sends a `geometry` column in binary form (an SRID
    /// and Z/M flags allowed, Z and M dropped), as GeoJSON's geometry.
    static func decodeGeometry(_ buffer: ByteBuffer) throws -> GeoJSONGeometry {
        var reader = EWKBReader(buffer: buffer)
        return try reader.geometry()
    }

    private struct EWKBReader {
        var buffer: ByteBuffer
        var littleEndian = true
        var dimensions = 2

        mutating func geometry() throws -> GeoJSONGeometry {
            guard let order = buffer.readInteger(as: UInt8.self) else { throw truncated }
            littleEndian = order == 1
            let raw = try integer()
            // EWKB flags (Z 0x80000000, M 0x40000000, SRID 0x20000000) or ISO's +1000/+2000/+3000.
            var type = raw & 0x0FFF_FFFF
            var z = raw & 0x8000_0000 != 0, m = raw & 0x4000_0000 != 0
            if type >= 1000 {
                switch type / 1000 {
                case 1: z = true
                case 2: m = true
                case 3: z = true; m = true
                default: break
                }
                type %= 1000
            }
            dimensions = 2 + (z ? 1 : 0) + (m ? 1 : 0)
            if raw & 0x2000_0000 != 0 { _ = try integer() }
            switch type {
            case 1: return .point(try coordinate())
            case 2: return .lineString(try points())
            case 3: return .polygon(Polygon(rings: try rings()))
            case 4: return .multiPoint(try parts().map { part in
                    guard case .point(let p) = part else { throw mixed }
                    return p
                })
            case 5: return .multiLineString(try parts().map { part in
                    guard case .lineString(let line) = part else { throw mixed }
                    return line
                })
            case 6: return .multiPolygon(MultiPolygon(polygons: try parts().map { part in
                    guard case .polygon(let polygon) = part else { throw mixed }
                    return polygon
                }))
            case 7: return .geometryCollection(try parts())
            default: throw StoreError(message: "a geometry of WKB type \(type), which GeoJSON cannot hold")
            }
        }

        mutating func parts() throws -> [GeoJSONGeometry] {
            let count = try self.count()
            var parts: [GeoJSONGeometry] = []
            for _ in 0..<count {
                var part = EWKBReader(buffer: buffer)
                parts.append(try part.geometry())
                buffer = part.buffer
            }
            return parts
        }

        mutating func integer() throws -> UInt32 {
            guard let value = buffer.readInteger(endianness: littleEndian ? .little : .big, as: UInt32.self) else { throw truncated }
            return value
        }

        mutating func count() throws -> Int {
            let count = Int(try integer())
            guard count <= buffer.readableBytes else { throw truncated }
            return count
        }

        /// x and y; a Z or M value after them is read past.
        mutating func coordinate() throws -> Coordinate {
            let endianness: Endianness = littleEndian ? .little : .big
            guard let x = buffer.readInteger(endianness: endianness, as: UInt64.self),
                let y = buffer.readInteger(endianness: endianness, as: UInt64.self),
                buffer.readableBytes >= (dimensions - 2) * 8
            else { throw truncated }
            buffer.moveReaderIndex(forwardBy: (dimensions - 2) * 8)
            return Coordinate(Double(bitPattern: x), Double(bitPattern: y))
        }

        mutating func points() throws -> [Coordinate] {
            let count = try self.count()
            var points: [Coordinate] = []
            points.reserveCapacity(count)
            for _ in 0..<count { points.append(try coordinate()) }
            return points
        }

        mutating func rings() throws -> [[Coordinate]] {
            let count = try self.count()
            var rings: [[Coordinate]] = []
            for _ in 0..<count { rings.append(try points()) }
            return rings
        }

        var truncated: StoreError { StoreError(message: "a geometry's WKB ends early") }
        var mixed: StoreError { StoreError(message: "a multi-geometry holding parts of another type") }
    }
}
