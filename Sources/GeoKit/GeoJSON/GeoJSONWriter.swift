import Foundation

/// Writes RFC 7946 GeoJSON into a byte buffer, fast enough to stream 661,500 sources.
///
/// Output is always what RFC 7946 asks for: WGS-84 longitude/latitude order (callers transform
/// first), exterior rings counter-clockwise and holes clockwise (the rule of `Polygon.rfc7946Oriented()`),
/// coordinates with a fixed number of decimals (6 by default: about 0.1 m, RFC 7946 §11.2).
///
/// Numbers are formatted here rather than with `String(format:)` or `NumberFormatter`: that
/// is several times faster, and independent of the process locale by construction (a server in
/// a `de_DE` locale must not write `113,5`). Coordinates are rounded exactly, i.e. the decimal
/// printed is the correctly rounded value of the binary double (ties to even, as `printf`), and
/// never use exponent notation; trailing zeros are dropped (`113.5`, `-0.5`, `113`).
///
/// For streaming, write a piece, hand `takeBytes()` to the response body, continue.
public struct GeoJSONWriter: Sendable {
    /// The JSON written so far (since the last `takeBytes()`).
    public private(set) var bytes: [UInt8]
    /// Digits after the decimal point for coordinates, 0...9.
    public let coordinateDecimals: Int

    private let coordinateScale: Double
    private let coordinateUnit: UInt64
    /// Features written in the open FeatureCollection; nil when no collection is open.
    private var openCollectionCount: Int?

    public init(coordinateDecimals: Int = 6, reservingCapacity capacity: Int = 0) {
        let decimals = min(max(coordinateDecimals, 0), 9)
        self.coordinateDecimals = decimals
        var unit: UInt64 = 1
        for _ in 0..<decimals { unit *= 10 }
        self.coordinateUnit = unit
        self.coordinateScale = Double(unit)
        self.bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The bytes written so far, leaving the buffer empty (its capacity kept) for the next chunk.
    public mutating func takeBytes() -> [UInt8] {
        let taken = bytes
        bytes.removeAll(keepingCapacity: true)
        return taken
    }

    /// The output as text, for tests and small documents.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Documents

    /// A whole FeatureCollection in one call.
    public static func featureCollection(_ features: [GeoJSONFeature], members: JSONObject = JSONObject()) -> [UInt8] {
        var writer = GeoJSONWriter()
        writer.beginFeatureCollection(members: members)
        for feature in features { writer.writeFeature(feature) }
        writer.endFeatureCollection()
        return writer.bytes
    }

    /// Opens `{"type":"FeatureCollection",<members>,"features":[`; the members come first so
    /// a streaming client sees e.g. `numberMatched` before the features.
    public mutating func beginFeatureCollection(members: JSONObject = JSONObject()) {
        append("{\"type\":\"FeatureCollection\"")
        writeMembers(members, skippingKeys: ["type", "features"])
        append(",\"features\":[")
        openCollectionCount = 0
    }

    /// Closes the collection; `members` (e.g. OGC API `numberReturned`, `links`) follow the features.
    public mutating func endFeatureCollection(members: JSONObject = JSONObject()) {
        append("]")
        writeMembers(members, skippingKeys: ["type", "features"])
        append("}")
        openCollectionCount = nil
    }

    /// Appends bytes that are already JSON, for streaming writers that frame features
    /// themselves (keys escaped once per column, not once per row).
    public mutating func writeRaw(_ json: [UInt8]) {
        bytes.append(contentsOf: json)
    }

    /// Appends a literal that is already JSON (`"null"`, `"},"`…).
    public mutating func writeRaw(_ literal: StaticString) {
        append(literal)
    }

    /// Appends already-JSON bytes from a buffer slice.
    public mutating func writeRaw(_ json: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: json)
    }

    public mutating func writeFeature(_ feature: GeoJSONFeature) {
        writeFeature(id: feature.id, properties: feature.properties, geometry: feature.geometry)
    }

    /// A Feature; inside an open FeatureCollection the separating comma is written for you.
    public mutating func writeFeature(id: JSONValue?, properties: JSONObject, geometry: GeoJSONGeometry?) {
        if let count = openCollectionCount {
            if count > 0 { append(",") }
            openCollectionCount = count + 1
        }
        append("{\"type\":\"Feature\"")
        if let id {
            append(",\"id\":")
            writeJSON(id)
        }
        append(",\"properties\":")
        writeJSON(.object(properties))
        append(",\"geometry\":")
        if let geometry {
            writeGeometry(geometry)
        } else {
            append("null")
        }
        append("}")
    }

    // MARK: Geometry

    /// A geometry object, polygons re-oriented to RFC 7946 winding.
    public mutating func writeGeometry(_ geometry: GeoJSONGeometry) {
        switch geometry {
        case .point(let c):
            append("{\"type\":\"Point\",\"coordinates\":")
            writePosition(c)
        case .multiPoint(let cs):
            append("{\"type\":\"MultiPoint\",\"coordinates\":")
            writePositions(cs)
        case .lineString(let cs):
            append("{\"type\":\"LineString\",\"coordinates\":")
            writePositions(cs)
        case .multiLineString(let lines):
            append("{\"type\":\"MultiLineString\",\"coordinates\":[")
            for (k, line) in lines.enumerated() {
                if k > 0 { append(",") }
                writePositions(line)
            }
            append("]")
        case .polygon(let polygon):
            append("{\"type\":\"Polygon\",\"coordinates\":")
            writeRings(polygon)
        case .multiPolygon(let multiPolygon):
            append("{\"type\":\"MultiPolygon\",\"coordinates\":[")
            for (k, polygon) in multiPolygon.polygons.enumerated() {
                if k > 0 { append(",") }
                writeRings(polygon)
            }
            append("]")
        case .geometryCollection(let geometries):
            append("{\"type\":\"GeometryCollection\",\"geometries\":[")
            for (k, member) in geometries.enumerated() {
                if k > 0 { append(",") }
                writeGeometry(member)
            }
            append("]")
        }
        append("}")
    }

    /// The rings with RFC 7946 winding, as `Polygon.rfc7946Oriented()` decides it, but walking a
    /// ring backwards instead of copying it reversed.
    private mutating func writeRings(_ polygon: Polygon) {
        append("[")
        for (k, ring) in polygon.rings.enumerated() {
            if k > 0 { append(",") }
            let counterClockwise = Polygon.signedDoubleArea(of: ring) > 0
            if (k == 0) == counterClockwise {
                writePositions(ring)
            } else {
                append("[")
                var first = true
                for c in ring.reversed() {
                    if !first { append(",") }
                    first = false
                    writePosition(c)
                }
                append("]")
            }
        }
        append("]")
    }

    /// `[[x,y],[x,y],…]`
    public mutating func writePositions(_ coordinates: [Coordinate]) {
        append("[")
        for (k, c) in coordinates.enumerated() {
            if k > 0 { append(",") }
            writePosition(c)
        }
        append("]")
    }

    /// `[x,y]` with `coordinateDecimals` decimals: longitude first for geographic coordinates.
    public mutating func writePosition(_ c: Coordinate) {
        append("[")
        writeCoordinateNumber(c.x)
        append(",")
        writeCoordinateNumber(c.y)
        append("]")
    }

    // MARK: JSON values

    public mutating func writeJSON(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): flag ? append("true") : append("false")
        case .number(let number): writeNumber(number)
        case .string(let text): writeString(text)
        case .array(let items):
            append("[")
            for (k, item) in items.enumerated() {
                if k > 0 { append(",") }
                writeJSON(item)
            }
            append("]")
        case .object(let object):
            append("{")
            for (k, member) in object.enumerated() {
                if k > 0 { append(",") }
                writeString(member.key)
                append(":")
                writeJSON(member.value)
            }
            append("}")
        }
    }

    /// `,"key":value` for each member not in `skippingKeys`.
    private mutating func writeMembers(_ members: JSONObject, skippingKeys: Set<String>) {
        for member in members where !skippingKeys.contains(member.key) {
            append(",")
            writeString(member.key)
            append(":")
            writeJSON(member.value)
        }
    }

    /// A JSON string: `"` `\` and control characters escaped, everything else (Chinese names
    /// included) written as UTF-8, which RFC 8259 makes the only encoding.
    public mutating func writeString(_ text: String) {
        var text = text
        text.withUTF8 { writeString(utf8: $0) }
    }

    /// A JSON string from UTF-8 bytes, e.g. straight from a database row, with no `String` made.
    public mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        append("\"")
        var runStart = 0
        for k in 0..<utf8.count {
            let byte = utf8[k]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            if runStart < k { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k])) }
            runStart = k + 1
            switch byte {
            case 0x22: append("\\\"")
            case 0x5C: append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            default:
                append("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            }
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        append("\"")
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    // MARK: Numbers

    /// A property number: integral values without a fraction (`12`, not `12.0`), others in the
    /// shortest form that reads back to the same double. NaN and infinities, which JSON cannot
    /// express, are written as `null`.
    public mutating func writeNumber(_ value: Double) {
        guard value.isFinite else {
            append("null")
            return
        }
        // Every double of magnitude 2^53 and above is an integer; up to 1e18 it still fits Int64
        // and prints as its exact digits (a 2^53 id reads as 9007199254740992, not 9.007e+15).
        if value.rounded(.towardZero) == value && abs(value) < 1e18 {
            let integer = Int64(value)
            if integer < 0 { append("-") }
            appendDigits(integer.magnitude)
            return
        }
        // Swift's description is the shortest round-trip form, locale independent, and always
        // valid JSON for finite values ("0.1", "1e-05", "1.5e+300").
        bytes.append(contentsOf: value.description.utf8)
    }

    /// A coordinate with `coordinateDecimals` decimals, correctly rounded, trailing zeros dropped.
    public mutating func writeCoordinateNumber(_ value: Double) {
        guard value.isFinite else {
            append("null")
            return
        }
        let magnitude = abs(value)
        let product = magnitude * coordinateScale
        guard product < 4_503_599_627_370_496 else {  // 2^52: beyond any coordinate, in degrees or metres
            writeLargeCoordinate(value)
            return
        }
        // product = magnitude × scale rounded; residual is the exact rounding error (fused
        // multiply-add), so product + residual is the exact decimal-scaled value.
        let residual = (-product).addingProduct(magnitude, coordinateScale)
        let floor = product.rounded(.down)
        // Exact: floor and product are within 1 of each other and below 2^52.
        let aboveHalf = (product - floor) - 0.5
        var scaled = UInt64(floor)
        if aboveHalf > 0 || (aboveHalf == 0 && (residual > 0 || (residual == 0 && scaled & 1 == 1))) {
            scaled += 1
        }
        if scaled == 0 {
            append("0")  // never "-0"
            return
        }
        if value < 0 { append("-") }
        appendDigits(scaled / coordinateUnit)
        var fraction = scaled % coordinateUnit
        guard fraction != 0 else { return }
        var digits = coordinateDecimals
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        append(".")
        appendDigits(fraction, width: digits)
    }

    /// Values too large for the exact fast path (not a plausible coordinate): glibc's `%f`,
    /// which is exact and, without a locale argument, uses '.'.
    private mutating func writeLargeCoordinate(_ value: Double) {
        var text = String(format: "%.\(coordinateDecimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        bytes.append(contentsOf: text.utf8)
    }

    /// Decimal digits of `value`, left-padded with zeros to `width` (at most 20).
    private mutating func appendDigits(_ value: UInt64, width: Int = 1) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var position = 24
            var remaining = value
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
                remaining /= 10
            } while remaining > 0
            while 24 - position < width && position > 0 {
                position -= 1
                buffer[position] = UInt8(ascii: "0")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position..<24]))
        }
    }

    @inline(__always)
    private mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
