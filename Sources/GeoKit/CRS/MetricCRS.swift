import Foundation

/// The projected coordinate system a dataset's distances, cells, clusters, hot spots and routes
/// are measured in: longitude/latitude (WGS-84, CGCS2000 treated as the same) to metres and back.
///
/// Chosen once per dataset (`fitting(_:)`, or the user's `epsg:N` or PROJ string through
/// `init(parsing:)`) and stored as its text form (`description`), because a zone that suits
/// Guangdong measures Ohio 186° of longitude off its central meridian. Every kind is projected
/// in Swift, with no PROJ call in a hot loop; `projString` hands the same system to PROJ
/// (SpatiaLite's `ST_Transform`, QGIS) and to the user.
public struct MetricCRS: Hashable, Sendable {
    /// The kinds projected in process.
    public enum Projection: Hashable, Sendable {
        /// Conformal, for data within a few degrees of a meridian: the CGCS2000 3-degree
        /// Gauss-Krüger zones, the UTM zones.
        case transverseMercator(TransverseMercator)
        /// Equal-area, for data wider than a zone (`AlbersEqualArea.fitted`).
        case albersEqualArea(AlbersEqualArea)
    }

    /// How distances are measured: in the projection's plane, or on the ellipsoid for data too
    /// wide for any projection to keep them (a whole country, the world).
    public enum Distances: Hashable, Sendable {
        /// In the plane: x/y differences, what every projection that keeps distances uses.
        case projected
        /// On the ellipsoid (`Ellipsoid.surfaceDistance`), the projection serving only for square
        /// cells (an equal-area conic keeps their areas however wide the data) and maps.
        case geodesic
    }

    public let projection: Projection
    public let distances: Distances

    public init(_ projection: Projection, distances: Distances = .projected) {
        self.projection = projection
        self.distances = distances
    }

    /// The same projection with distances measured on the ellipsoid.
    public var measuringOnTheEllipsoid: MetricCRS { MetricCRS(projection, distances: .geodesic) }

    /// The distance between two longitude/latitude points as this system measures it: on the
    /// ellipsoid, or between their images in the plane.
    public func distance(from a: Coordinate, to b: Coordinate) -> Double {
        switch distances {
        case .geodesic: return ellipsoid.surfaceDistance(from: a, to: b)
        case .projected:
            let p = forward(a), q = forward(b)
            return p.squaredDistance(to: q).squareRoot()
        }
    }

    /// How many metres of the plane a ground distance may take anywhere in `extent` (a
    /// longitude/latitude box): the bound a search in the plane widens its reach by before it
    /// measures on the ellipsoid. 1 when distances are measured in the plane.
    public func planarReach(over extent: BoundingBox) -> Double {
        guard distances == .geodesic, !extent.isEmpty else { return 1 }
        return 1 + distortion(over: extent).distance + 1e-3
    }

    /// Longitude/latitude in degrees to easting/northing in metres.
    @inline(__always)
    public func forward(_ geographic: Coordinate) -> Coordinate {
        switch projection {
        case .transverseMercator(let tm): tm.forward(geographic)
        case .albersEqualArea(let aea): aea.forward(geographic)
        }
    }

    /// Easting/northing in metres to longitude/latitude in degrees, the longitude in −180…180.
    @inline(__always)
    public func inverse(_ projected: Coordinate) -> Coordinate {
        switch projection {
        case .transverseMercator(let tm): tm.inverse(projected)
        case .albersEqualArea(let aea): aea.inverse(projected)
        }
    }

    public var ellipsoid: Ellipsoid {
        switch projection {
        case .transverseMercator(let tm): tm.ellipsoid
        case .albersEqualArea(let aea): aea.ellipsoid
        }
    }

    /// The projected bounds of a longitude/latitude box: its boundary, densified, projected.
    public func forwardBounds(of box: BoundingBox) -> BoundingBox {
        box.boundsOfDensifiedBoundary(through: forward)
    }

    /// The longitude/latitude bounds of a projected box, as `forwardBounds` the other way.
    public func inverseBounds(of box: BoundingBox) -> BoundingBox {
        box.boundsOfDensifiedBoundary(through: inverse)
    }
}

// MARK: - Registered systems

extension MetricCRS {
    /// EPSG:4547, CGCS2000 / 3-degree Gauss-Kruger CM 114E: Guangdong's, and every store's
    /// before the system was chosen per dataset.
    public static let epsg4547 = MetricCRS(.transverseMercator(.epsg4547))

    /// The CGCS2000 3-degree Gauss-Krüger zone with this central meridian, without the zone
    /// number in the easting (EPSG:4534–4554): 75…135 in steps of 3, nil otherwise.
    public static func cgcs2000Zone(centralMeridian: Int) -> MetricCRS? {
        guard (75...135).contains(centralMeridian), centralMeridian % 3 == 0 else { return nil }
        return MetricCRS(
            .transverseMercator(
                TransverseMercator(ellipsoid: .grs80, centralMeridian: Double(centralMeridian), falseEasting: 500_000)))
    }

    /// WGS 84 / UTM zone 1…60, north (EPSG:32601–32660) or south (EPSG:32701–32760); nil for
    /// another zone number.
    public static func utmZone(_ zone: Int, south: Bool) -> MetricCRS? {
        guard (1...60).contains(zone) else { return nil }
        return MetricCRS(
            .transverseMercator(
                TransverseMercator(
                    ellipsoid: .wgs84, centralMeridian: Double(6 * zone - 183), scale: 0.9996,
                    falseEasting: 500_000, falseNorthing: south ? 10_000_000 : 0)))
    }

    /// The system registered under an EPSG code, if GeoKit projects it.
    public init(epsg code: Int) throws(MetricCRSError) {
        let registered: MetricCRS? =
            switch code {
            case 4534...4554: Self.cgcs2000Zone(centralMeridian: 75 + 3 * (code - 4534))
            case 32601...32660: Self.utmZone(code - 32600, south: false)
            case 32701...32760: Self.utmZone(code - 32700, south: true)
            default: nil
            }
        guard let registered else { throw .unsupportedEPSG(code) }
        self = registered
    }

    /// The EPSG code when the definition is exactly a registered system's, whichever way it was
    /// given (`epsg:32650`, `+proj=utm +zone=50 +datum=WGS84`, or the same as `+proj=tmerc`).
    public var epsg: Int? {
        guard case .transverseMercator(let tm) = projection, tm.latitudeOfOrigin == 0, tm.falseEasting == 500_000,
            abs(tm.centralMeridian) <= 180, tm.centralMeridian == tm.centralMeridian.rounded()
        else { return nil }
        let meridian = Int(tm.centralMeridian)
        if tm.ellipsoid == .grs80, tm.scale == 1, tm.falseNorthing == 0, (75...135).contains(meridian), meridian % 3 == 0 {
            return 4534 + (meridian - 75) / 3
        }
        if tm.ellipsoid == .wgs84, tm.scale == 0.9996, let zone = utmZoneNumber(centralMeridian: meridian) {
            switch tm.falseNorthing {
            case 0: return 32600 + zone
            case 10_000_000: return 32700 + zone
            default: return nil
            }
        }
        return nil
    }

    /// The UTM zone whose central meridian this is.
    func utmZoneNumber(centralMeridian meridian: Int) -> Int? {
        guard (meridian + 183) % 6 == 0 else { return nil }
        let zone = (meridian + 183) / 6
        return (1...60).contains(zone) ? zone : nil
    }

    /// How messages name it: `EPSG:4547` for a registered system, its PROJ string otherwise.
    public var identifier: String {
        let system = epsg.map { "EPSG:\($0)" } ?? projString
        return distances == .geodesic ? "the ellipsoid (cells in \(system))" : system
    }

    /// A name for people: the EPSG name of a registered system, else what the projection is and
    /// where it is centred (for `summary` and the landing page, beside `description`).
    public var name: String {
        distances == .geodesic ? "distances on the ellipsoid; cells and maps in the " + projectionName : projectionName
    }

    /// `name` of the projection alone.
    private var projectionName: String {
        if let code = epsg {
            if code < 32600 { return "CGCS2000 / 3-degree Gauss-Kruger CM \(75 + 3 * (code - 4534))E" }
            return "WGS 84 / UTM zone \(code % 100)\(code < 32700 ? "N" : "S")"
        }
        switch projection {
        case .transverseMercator(let tm):
            return "Transverse Mercator CM \(Self.degrees(tm.centralMeridian, positive: "E", negative: "W")), k \(PROJString.number(tm.scale)), \(tm.ellipsoid.projName)"
        case .albersEqualArea(let aea):
            let parallels = [aea.firstParallel, aea.secondParallel].map { Self.degrees($0, positive: "N", negative: "S") }
            return "Albers equal-area conic, standard parallels \(parallels[0]) and \(parallels[1]), CM \(Self.degrees(aea.centralMeridian, positive: "E", negative: "W")), \(aea.ellipsoid.projName)"
        }
    }

    private static func degrees(_ value: Double, positive: String, negative: String) -> String {
        "\(PROJString.number(abs(value)))°\(value < 0 ? negative : positive)"
    }
}

// MARK: - Text form

extension MetricCRS: CustomStringConvertible, Codable {
    /// The stored text form: `epsg:N` for a registered system, else its PROJ string. Parsing it
    /// gives back an equal system, so the one stored in a database never changes by a round trip.
    /// Distances measured on the ellipsoid put `geodesic` in front (`geodesic +proj=aea …`).
    public var description: String {
        let system = epsg.map { "epsg:\($0)" } ?? projString
        return distances == .geodesic ? "\(Self.geodesicWord) \(system)" : system
    }

    /// The word that marks distances measured on the ellipsoid in the text form.
    public static let geodesicWord = "geodesic"


    /// Parses the user's `--metric-crs`: `epsg:N` (or `EPSG:N`) for a system GeoKit projects, or
    /// a PROJ string of a transverse Mercator (`+proj=tmerc`, `+proj=utm`) or an Albers conic
    /// (`+proj=aea`) on GRS80 or WGS84. Everything else is refused with the reason.
    ///
    /// `geodesic` before either measures distances on the ellipsoid and uses the system for
    /// square cells and maps only.
    public init(parsing text: String) throws(MetricCRSError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let word = Self.geodesicWord
        if trimmed.lowercased().hasPrefix(word + " ") {
            let system = try MetricCRS(parsing: String(trimmed.dropFirst(word.count)))
            self = system.measuringOnTheEllipsoid
        } else if trimmed.lowercased().hasPrefix("epsg:") {
            let digits = trimmed.dropFirst(5)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let code = Int(digits) else {
                throw .unreadable(text)
            }
            try self.init(epsg: code)
        } else if trimmed.hasPrefix("+") {
            self = try PROJString.parse(trimmed)
        } else {
            throw .unreadable(text)
        }
    }

    /// The PROJ string: PROJ's own spelling for a registered system (`pyproj`'s `to_proj4()`
    /// without `+type=crs`), every parameter spelt out for the others.
    public var projString: String { PROJString.write(self) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
