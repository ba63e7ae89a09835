import Foundation

/// Reads GeoJSON (RFC 7946) into features, reporting the first thing wrong with a file.
///
/// Accepts a FeatureCollection, a single Feature or a bare geometry (each of the latter read as
/// one feature with index 0), because files from DataV, ogr2ogr and hand-made tests come in all
/// three shapes. It validates but never repairs: an unclosed ring or a ring of three positions is
/// reported with the feature index, and fixing it is GEOS's job (`PolygonRepair`), done only
/// when the importer asks for it.
///
/// The coordinate system is not read from the file: RFC 7946 says WGS-84, Chinese files are often
/// GCJ-02 regardless, so the importer declares it (see `CoordinateSystem`). The legacy `crs`
/// member is available through `declaredCRSName(in:)` for a consistency check.
public struct GeoJSONReader: Sendable {
    /// Which geometries a caller can use; checked here so the error names the feature.
    public enum GeometryRequirement: Hashable, Sendable {
        /// Any geometry, or null.
        case any
        /// A Polygon or MultiPolygon: areas and administrative grids.
        case polygonal
        /// A Point: pollution sources.
        case point
    }

    public var requirement: GeometryRequirement
    public var parser: JSONParser

    public init(requiring requirement: GeometryRequirement = .any, parser: JSONParser = JSONParser()) {
        self.requirement = requirement
        self.parser = parser
    }

    public func read(_ bytes: [UInt8]) throws(GeoJSONError) -> [GeoJSONFeature] {
        let document: JSONValue
        do throws(JSONParseError) {
            document = try parser.parse(bytes)
        } catch {
            throw GeoJSONError(syntaxError: error)
        }
        return try features(in: document)
    }

    public func read(_ data: Data) throws(GeoJSONError) -> [GeoJSONFeature] {
        let document: JSONValue
        do throws(JSONParseError) {
            document = try parser.parse(data)
        } catch {
            throw GeoJSONError(syntaxError: error)
        }
        return try features(in: document)
    }

    /// The features of an already parsed document.
    public func features(in document: JSONValue) throws(GeoJSONError) -> [GeoJSONFeature] {
        guard case .object(let object) = document else {
            throw GeoJSONError(
                featureIndex: nil,
                message: "not a GeoJSON FeatureCollection: the top-level value is \(document.kindDescription)")
        }
        guard let typeValue = object["type"] else {
            throw GeoJSONError(
                featureIndex: nil, message: "not a GeoJSON FeatureCollection: the top-level object has no \"type\"")
        }
        guard case .string(let type) = typeValue else {
            throw GeoJSONError(
                featureIndex: nil,
                message: "not a GeoJSON FeatureCollection: top-level \"type\" is \(typeValue.kindDescription)")
        }
        switch type {
        case "FeatureCollection":
            guard let featuresValue = object["features"] else {
                throw GeoJSONError(featureIndex: nil, message: "FeatureCollection has no \"features\" member")
            }
            guard case .array(let items) = featuresValue else {
                throw GeoJSONError(
                    featureIndex: nil,
                    message: "FeatureCollection \"features\": expected an array, found \(featuresValue.kindDescription)")
            }
            var features: [GeoJSONFeature] = []
            features.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                features.append(try FeatureDecoder(index: index, requirement: requirement).feature(item))
            }
            return features
        case "Feature":
            return [try FeatureDecoder(index: 0, requirement: requirement).feature(document)]
        case _ where FeatureDecoder.geometryTypes.contains(type):
            let decoder = FeatureDecoder(index: 0, requirement: requirement)
            let geometry = try decoder.geometry(document, path: "geometry")
            try decoder.check(geometry)
            return [GeoJSONFeature(index: 0, geometry: geometry)]
        default:
            throw GeoJSONError(
                featureIndex: nil, message: "not a GeoJSON FeatureCollection: top-level \"type\" is \"\(type)\"")
        }
    }

    /// The name in a legacy (GeoJSON 2008) `crs` member, e.g. `urn:ogc:def:crs:EPSG::4547`,
    /// so an importer can refuse a file whose declared system contradicts the one it was told.
    public static func declaredCRSName(in document: JSONValue) -> String? {
        document["crs"]?["properties"]?["name"]?.stringValue
    }
}

/// Decodes one feature, knowing its index for every error it raises.
private struct FeatureDecoder {
    static let geometryTypes: Set<String> = [
        "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
    ]

    let index: Int
    let requirement: GeoJSONReader.GeometryRequirement

    func error(_ message: String) -> GeoJSONError {
        GeoJSONError(featureIndex: index, message: message)
    }

    func feature(_ value: JSONValue) throws(GeoJSONError) -> GeoJSONFeature {
        guard case .object(let object) = value else {
            throw error("expected a Feature object, found \(value.kindDescription)")
        }
        guard let typeValue = object["type"] else { throw error("missing \"type\" (expected \"Feature\")") }
        guard case .string("Feature") = typeValue else {
            let shown = typeValue.stringValue.map { "\"\($0)\"" } ?? typeValue.kindDescription
            throw error("\"type\" is \(shown); expected \"Feature\"")
        }

        var id: JSONValue?
        switch object["id"] {
        case nil, .null?: id = nil
        case .string?, .number?: id = object["id"]
        case let other?: throw error("id: expected a string or a number, found \(other.kindDescription)")
        }

        let properties: JSONObject
        switch object["properties"] {
        case nil, .null?: properties = JSONObject()
        case .object(let members)?: properties = members
        case let other?: throw error("properties: expected an object or null, found \(other.kindDescription)")
        }

        guard let geometryValue = object["geometry"] else {
            throw error("missing \"geometry\" (a feature without a location has \"geometry\": null)")
        }
        var geometry: GeoJSONGeometry?
        if !geometryValue.isNull {
            geometry = try self.geometry(geometryValue, path: "geometry")
        }
        try check(geometry)
        return GeoJSONFeature(index: index, id: id, properties: properties, geometry: geometry)
    }

    func check(_ geometry: GeoJSONGeometry?) throws(GeoJSONError) {
        let found = geometry?.typeName ?? "null"
        switch requirement {
        case .any:
            return
        case .polygonal:
            switch geometry {
            case .polygon?, .multiPolygon?: return
            default: throw error("geometry: expected a Polygon or MultiPolygon, found \(found)")
            }
        case .point:
            if case .point? = geometry { return }
            throw error("geometry: expected a Point, found \(found)")
        }
    }

    // MARK: Geometry

    func geometry(_ value: JSONValue, path: String) throws(GeoJSONError) -> GeoJSONGeometry {
        guard case .object(let object) = value else {
            throw error("\(path): expected a geometry object or null, found \(value.kindDescription)")
        }
        guard let typeValue = object["type"] else { throw error("\(path): missing \"type\"") }
        guard case .string(let type) = typeValue else {
            throw error("\(path).type: expected a string, found \(typeValue.kindDescription)")
        }
        guard Self.geometryTypes.contains(type) else {
            throw error(
                "\(path).type: expected Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon "
                    + "or GeometryCollection, found \"\(type)\"")
        }
        if type == "GeometryCollection" {
            guard case .array(let members)? = object["geometries"] else {
                let found = object["geometries"]?.kindDescription ?? "no such member"
                throw error("\(path).geometries: expected an array of geometries, found \(found)")
            }
            var geometries: [GeoJSONGeometry] = []
            for (k, member) in members.enumerated() {
                geometries.append(try geometry(member, path: "\(path).geometries[\(k)]"))
            }
            return .geometryCollection(geometries)
        }
        guard let coordinates = object["coordinates"] else { throw error("\(path): missing \"coordinates\"") }
        let coordinatesPath = "\(path).coordinates"
        // Rings of a geometry inside a collection name the collection member they belong to.
        let ringPrefix = path == "geometry" ? "" : "\(path): "
        switch type {
        case "Point":
            return .point(try position(coordinates, path: coordinatesPath))
        case "MultiPoint":
            return .multiPoint(try positions(coordinates, path: coordinatesPath))
        case "LineString":
            let line = try positions(coordinates, path: coordinatesPath)
            guard line.count >= 2 else {
                throw error("\(coordinatesPath): a LineString needs at least 2 positions, found \(line.count)")
            }
            return .lineString(line)
        case "MultiLineString":
            guard case .array(let lineValues) = coordinates else {
                throw error("\(coordinatesPath): expected an array of line strings, found \(coordinates.kindDescription)")
            }
            var lines: [[Coordinate]] = []
            lines.reserveCapacity(lineValues.count)
            for (k, lineValue) in lineValues.enumerated() {
                let line = try positions(lineValue, path: "\(coordinatesPath)[\(k)]")
                guard line.count >= 2 else {
                    throw error("\(coordinatesPath)[\(k)]: a LineString needs at least 2 positions, found \(line.count)")
                }
                lines.append(line)
            }
            return .multiLineString(lines)
        case "Polygon":
            return .polygon(try polygon(coordinates, path: coordinatesPath, label: "\(ringPrefix)polygon"))
        default:  // MultiPolygon
            guard case .array(let polygonValues) = coordinates else {
                throw error("\(coordinatesPath): expected an array of polygons, found \(coordinates.kindDescription)")
            }
            if case .array(let rings)? = polygonValues.first, case .array(let ring)? = rings.first,
                case .number? = ring.first
            {
                throw error(
                    "\(coordinatesPath): expected an array of polygons, found an array of linear rings "
                        + "(a Polygon's coordinates under \"type\": \"MultiPolygon\"?)")
            }
            var polygons: [Polygon] = []
            polygons.reserveCapacity(polygonValues.count)
            for (k, polygonValue) in polygonValues.enumerated() {
                polygons.append(
                    try polygon(polygonValue, path: "\(coordinatesPath)[\(k)]", label: "\(ringPrefix)polygon \(k)"))
            }
            return .multiPolygon(MultiPolygon(polygons: polygons))
        }
    }

    /// One Polygon's rings; `label` ("polygon", "polygon 2") names it in ring errors.
    func polygon(_ value: JSONValue, path: String, label: String) throws(GeoJSONError) -> Polygon {
        guard case .array(let ringValues) = value else {
            throw error("\(path): expected an array of linear rings, found \(value.kindDescription)")
        }
        guard !ringValues.isEmpty else {
            throw error("\(path): expected an array of linear rings, found an empty array (a polygon needs its exterior ring)")
        }
        if case .array(let first) = ringValues[0], case .number? = first.first {
            throw error("\(path): expected an array of linear rings, found an array of positions (one level of [ ] missing?)")
        }
        var rings: [[Coordinate]] = []
        rings.reserveCapacity(ringValues.count)
        for (r, ringValue) in ringValues.enumerated() {
            guard case .array = ringValue else {
                throw error("\(path)[\(r)]: expected a linear ring (an array of positions), found \(ringValue.kindDescription)")
            }
            let ring = try positions(ringValue, path: "\(path)[\(r)]")
            guard ring.count >= 4 else {
                throw error("\(label) ring \(r) has \(ring.count) positions; a linear ring needs at least 4")
            }
            if let first = ring.first, let last = ring.last, first != last {
                throw error(
                    "\(label) ring \(r) is not closed (first \(Self.describe(first)) ≠ last \(Self.describe(last)))")
            }
            rings.append(ring)
        }
        return Polygon(rings: rings)
    }

    /// An array of positions. The path is built only if something is wrong: building it for
    /// every position would cost more than parsing them.
    func positions(_ value: JSONValue, path: @autoclosure () -> String) throws(GeoJSONError) -> [Coordinate] {
        guard case .array(let items) = value else {
            throw error("\(path()): expected an array of positions, found \(value.kindDescription)")
        }
        var result: [Coordinate] = []
        result.reserveCapacity(items.count)
        for k in items.indices {
            // Inline the common case: a position of two or three finite numbers.
            if case .array(let numbers) = items[k], numbers.count >= 2, case .number(let x) = numbers[0],
                case .number(let y) = numbers[1], x.isFinite, y.isFinite, numbers.count == 2
            {
                result.append(Coordinate(x, y))
            } else {
                result.append(try position(items[k], path: "\(path())[\(k)]"))
            }
        }
        return result
    }

    func position(_ value: JSONValue, path: @autoclosure () -> String) throws(GeoJSONError) -> Coordinate {
        guard case .array(let numbers) = value else {
            throw error("\(path()): expected a position [longitude, latitude], found \(value.kindDescription)")
        }
        guard numbers.count >= 2 else {
            throw error("\(path()): a position needs at least 2 numbers, found \(numbers.count)")
        }
        let x = try coordinate(numbers[0], path: "\(path())[0]")
        let y = try coordinate(numbers[1], path: "\(path())[1]")
        for k in 2..<numbers.count {
            guard case .number = numbers[k] else {
                throw error("\(path())[\(k)]: expected a number, found \(numbers[k].kindDescription)")
            }
        }
        return Coordinate(x, y)
    }

    func coordinate(_ value: JSONValue, path: @autoclosure () -> String) throws(GeoJSONError) -> Double {
        switch value {
        case .number(let number):
            guard number.isFinite else { throw error("\(path()): coordinate is not a finite number") }
            return number
        case .string(let text) where Self.nonFiniteSpellings.contains(text.lowercased()):
            throw error("\(path()): coordinate is not a finite number (found the string \"\(text)\")")
        default:
            throw error("\(path()): expected a number, found \(value.kindDescription)")
        }
    }

    /// How NaN and infinities turn up quoted in files written by JavaScript and Python.
    static let nonFiniteSpellings: Set<String> = [
        "nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity",
    ]

    /// `[113.1, 23.2]`: the shortest form that round-trips, as a person would type it.
    static func describe(_ c: Coordinate) -> String {
        "[\(shortest(c.x)), \(shortest(c.y))]"
    }

    static func shortest(_ value: Double) -> String {
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
