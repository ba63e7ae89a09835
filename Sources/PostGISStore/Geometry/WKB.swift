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
        var reader = Reader(buffer: buffer)
        let type = try reader.header()
        switch type {
        case 3: return MultiPolygon(polygons: [try reader.polygonBody()])
        case 6:
            let count = try reader.count()
            var polygons: [Polygon] = []
            polygons.reserveCapacity(count)
            for _ in 0..<count {
                guard try reader.header() == 3 else { throw StoreError(message: "a multipolygon holding something other than polygons") }
                polygons.append(try reader.polygonBody())
            }
            return MultiPolygon(polygons: polygons)
        default:
            throw StoreError(message: "a geometry of WKB type \(type) where a polygon was expected")
        }
    }

    /// A line string's points.
    static func decodeLineString(_ buffer: ByteBuffer) throws -> [Coordinate] {
        var reader = Reader(buffer: buffer)
        guard try reader.header() == 2 else { throw StoreError(message: "a geometry other than a line string where one was expected") }
        return try reader.points()
    }

    private struct Reader {
        var buffer: ByteBuffer
        var littleEndian = true

        mutating func header() throws -> UInt32 {
            guard let order = buffer.readInteger(as: UInt8.self) else { throw truncated }
            littleEndian = order == 1
            // The ISO and EWKB flags above the type are not used by ST_AsBinary's 2D output.
            return try integer() & 0xFFFF
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

        mutating func points() throws -> [Coordinate] {
            let count = try count()
            var points: [Coordinate] = []
            points.reserveCapacity(count)
            for _ in 0..<count {
                guard let x = buffer.readInteger(endianness: littleEndian ? .little : .big, as: UInt64.self),
                    let y = buffer.readInteger(endianness: littleEndian ? .little : .big, as: UInt64.self)
                else { throw truncated }
                points.append(Coordinate(Double(bitPattern: x), Double(bitPattern: y)))
            }
            return points
        }

        mutating func polygonBody() throws -> Polygon {
            let rings = try count()
            var polygon: [[Coordinate]] = []
            polygon.reserveCapacity(rings)
            for _ in 0..<rings { polygon.append(try points()) }
            return Polygon(rings: polygon)
        }

        var truncated: StoreError { StoreError(message: "a geometry's WKB ends early") }
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

        mutating func coordinate() throws -> Coordinate {
            var values: [Double] = []
            for _ in 0..<dimensions {
                guard let bits = buffer.readInteger(endianness: littleEndian ? .little : .big, as: UInt64.self) else { throw truncated }
                values.append(Double(bitPattern: bits))
            }
            return Coordinate(values[0], values[1])
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
