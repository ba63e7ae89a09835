import Foundation

/// PROJ's `+key=value` text for the kinds `MetricCRS` projects: written for PROJ and people,
/// and read back from what it writes or what a user types in the same form.
///
/// Strict on purpose: a parameter PROJ would honour but GeoKit would ignore (`+towgs84`, `+axis`,
/// feet) would put every distance silently off, so it is refused by name.
enum PROJString {
    /// The PROJ string of a system: PROJ's spelling of a registered system, every parameter else.
    static func write(_ crs: MetricCRS) -> String {
        switch crs.projection {
        case .transverseMercator(let tm):
            if let code = crs.epsg, code > 32600 {
                return "+proj=utm +zone=\(code % 100)\(code > 32700 ? " +south" : "") +datum=WGS84 +units=m +no_defs"
            }
            return "+proj=tmerc +lat_0=\(number(tm.latitudeOfOrigin)) +lon_0=\(number(tm.centralMeridian))"
                + " +k=\(number(tm.scale)) +x_0=\(number(tm.falseEasting)) +y_0=\(number(tm.falseNorthing))"
                + " +ellps=\(tm.ellipsoid.projName) +units=m +no_defs"
        case .albersEqualArea(let aea):
            return "+proj=aea +lat_0=\(number(aea.latitudeOfOrigin)) +lon_0=\(number(aea.centralMeridian))"
                + " +lat_1=\(number(aea.firstParallel)) +lat_2=\(number(aea.secondParallel))"
                + " +x_0=\(number(aea.falseEasting)) +y_0=\(number(aea.falseNorthing))"
                + " +ellps=\(aea.ellipsoid.projName) +units=m +no_defs"
        }
    }

    /// A whole number without a decimal point (`114`, as PROJ writes it), anything else in the
    /// shortest form that reads back to the same value.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// Parameters that change nothing here: `+units=m`, `+no_defs`, `+type=crs`, a zero
    /// `+towgs84` (WGS-84 to itself).
    private static let inert: Set<String> = ["units", "no_defs", "type", "towgs84", "wktext"]

    static func parse(_ text: String) throws(MetricCRSError) -> MetricCRS {
        var parameters = try self.parameters(of: text)
        let ellipsoid = try self.ellipsoid(taking: &parameters)
        try checkInert(taking: &parameters)
        guard let projection = parameters.removeValue(forKey: "proj") else { throw .missingParameter("+proj") }
        let crs: MetricCRS
        switch projection {
        case "tmerc":
            crs = MetricCRS(
                .transverseMercator(
                    TransverseMercator(
                        ellipsoid: ellipsoid,
                        centralMeridian: try angle("lon_0", in: &parameters, limit: 180) ?? 0,
                        scale: try scale(in: &parameters),
                        falseEasting: try metres("x_0", in: &parameters) ?? 0,
                        falseNorthing: try metres("y_0", in: &parameters) ?? 0,
                        latitudeOfOrigin: try angle("lat_0", in: &parameters, limit: 90) ?? 0)))
        case "utm":
            guard let zoneText = parameters.removeValue(forKey: "zone") else { throw .missingParameter("+zone") }
            guard let zoneValue = zoneText, let zone = Int(zoneValue), (1...60).contains(zone) else {
                throw .invalidValue(parameter: "zone", value: zoneText ?? "")
            }
            var south = false
            if let flag = parameters.removeValue(forKey: "south") {
                guard flag == nil else { throw .invalidValue(parameter: "south", value: flag ?? "") }
                south = true
            }
            crs = MetricCRS(
                .transverseMercator(
                    TransverseMercator(
                        ellipsoid: ellipsoid, centralMeridian: Double(6 * zone - 183), scale: 0.9996,
                        falseEasting: 500_000, falseNorthing: south ? 10_000_000 : 0)))
        case "aea":
            guard let first = try angle("lat_1", in: &parameters, limit: 90) else { throw .missingParameter("+lat_1") }
            guard let second = try angle("lat_2", in: &parameters, limit: 90) else { throw .missingParameter("+lat_2") }
            guard abs(first + second) > 1e-9 else {
                throw .invalidValue(parameter: "lat_2", value: "\(number(second)) (the negative of +lat_1: the cone is a cylinder)")
            }
            crs = MetricCRS(
                .albersEqualArea(
                    AlbersEqualArea(
                        ellipsoid: ellipsoid, firstParallel: first, secondParallel: second,
                        latitudeOfOrigin: try angle("lat_0", in: &parameters, limit: 90) ?? 0,
                        centralMeridian: try angle("lon_0", in: &parameters, limit: 180) ?? 0,
                        falseEasting: try metres("x_0", in: &parameters) ?? 0,
                        falseNorthing: try metres("y_0", in: &parameters) ?? 0)))
        case let other?:
            throw .unsupportedProjection(other)
        case nil:
            throw .missingParameter("+proj")
        }
        if let (key, value) = parameters.min(by: { $0.key < $1.key }) {
            throw .unsupportedParameter(
                "+\(key)\(value.map { "=\($0)" } ?? "")", reason: "GeoKit's +proj=\(projection ?? "") takes no such parameter")
        }
        return crs
    }

    /// `+key=value` and `+flag` tokens by key; a flag's value is nil.
    private static func parameters(of text: String) throws(MetricCRSError) -> [String: String?] {
        var parameters: [String: String?] = [:]
        for token in text.split(whereSeparator: \.isWhitespace) {
            guard token.hasPrefix("+"), token.count > 1 else { throw .unreadable(text) }
            let body = token.dropFirst()
            let key: String, value: String?
            if let equals = body.firstIndex(of: "=") {
                key = String(body[..<equals])
                value = String(body[body.index(after: equals)...])
            } else {
                key = String(body)
                value = nil
            }
            guard !key.isEmpty else { throw .unreadable(text) }
            guard parameters[key] == nil else { throw .repeatedParameter(key) }
            parameters[key] = value
        }
        return parameters
    }

    /// `+ellps` or `+datum`; neither means WGS84, as PROJ reads a CRS given without them.
    private static func ellipsoid(taking parameters: inout [String: String?]) throws(MetricCRSError) -> Ellipsoid {
        let datum = parameters.removeValue(forKey: "datum"), named = parameters.removeValue(forKey: "ellps")
        var ellipsoid = Ellipsoid.wgs84
        if let datum {
            guard datum == "WGS84" else {
                throw .unsupportedParameter(
                    "+datum=\(datum ?? "")",
                    reason: "longitudes and latitudes here are WGS-84 (CGCS2000 as the same); another datum needs a shift PROJ makes, not GeoKit")
            }
        }
        if let named {
            guard let known = Ellipsoid.known.first(where: { $0.projName == named }) else {
                throw .unsupportedParameter(
                    "+ellps=\(named ?? "")",
                    reason: "only GRS80 and WGS84 are the ellipsoids of WGS-84 and CGCS2000 longitudes and latitudes")
            }
            if datum != nil, known != .wgs84 {
                throw .unsupportedParameter("+ellps=\(known.projName)", reason: "+datum=WGS84 already sets the WGS84 ellipsoid")
            }
            ellipsoid = known
        }
        return ellipsoid
    }

    /// Removes the parameters that change nothing, refusing any value that would.
    private static func checkInert(taking parameters: inout [String: String?]) throws(MetricCRSError) {
        for key in inert {
            guard let value = parameters.removeValue(forKey: key) else { continue }
            switch (key, value) {
            case ("units", "m"?), ("no_defs", nil), ("type", "crs"?), ("wktext", nil): continue
            case ("towgs84", let shift?)
            where shift.split(separator: ",").allSatisfy { Double($0) == 0 }:
                continue
            default:
                let reason =
                    switch key {
                    case "units": "coordinates are in metres"
                    case "towgs84": "a datum shift is PROJ's to make, not GeoKit's"
                    default: "an unexpected value"
                    }
                throw .unsupportedParameter("+\(key)\(value.map { "=\($0)" } ?? "")", reason: reason)
            }
        }
    }

    private static func value(_ key: String, in parameters: inout [String: String?]) throws(MetricCRSError) -> Double? {
        guard let text = parameters.removeValue(forKey: key) else { return nil }
        guard let text, let value = Double(text), value.isFinite else {
            throw .invalidValue(parameter: key, value: text ?? "")
        }
        return value
    }

    /// An angle in decimal degrees within ±limit (PROJ's degrees-minutes-seconds are refused).
    private static func angle(_ key: String, in parameters: inout [String: String?], limit: Double) throws(MetricCRSError) -> Double? {
        guard let degrees = try value(key, in: &parameters) else { return nil }
        guard abs(degrees) <= limit else { throw .invalidValue(parameter: key, value: number(degrees)) }
        return degrees
    }

    private static func metres(_ key: String, in parameters: inout [String: String?]) throws(MetricCRSError) -> Double? {
        try value(key, in: &parameters)
    }

    /// `+k` or its synonym `+k_0`, positive; 1 when neither is given.
    private static func scale(in parameters: inout [String: String?]) throws(MetricCRSError) -> Double {
        let k = try value("k", in: &parameters), k0 = try value("k_0", in: &parameters)
        if k != nil, k0 != nil { throw .repeatedParameter("k_0") }
        let scale = k ?? k0 ?? 1
        guard scale > 0 else { throw .invalidValue(parameter: "k", value: number(scale)) }
        return scale
    }
}
