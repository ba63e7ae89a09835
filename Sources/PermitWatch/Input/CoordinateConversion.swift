import GeoFiles
import GeoKit

/// How one file's coordinates become WGS-84 longitude/latitude, decided once per file.
///
/// The user's `--crs` wins; without it, the file's own metadata (a Shapefile's `.prj`, a
/// GeoPackage's SRS, a legacy GeoJSON `crs` member); without either, the coordinates are taken
/// as WGS-84 degrees, and coordinates that cannot be degrees reject the file with a request for
/// `--crs epsg:N`: they are never stored as degrees. The systems the process knows (WGS-84,
/// CGCS2000, GCJ-02, BD-09, EPSG:4547) convert in process; any other EPSG code, and a file's own
/// definition, convert through OGR (PROJ). Used by every ingest of areas, roads and depots, and
/// by the sources read through GDAL. Not shared between threads (it may hold an OGR transformation).
struct CoordinateConversion {
    enum Method {
        /// Already WGS-84 (declared, or converted while GDAL read the file).
        case none
        case inProcess(CoordinateSystem)
        case gdal(CoordinateTransformation)
    }

    let method: Method
    /// The system as the ingest log records it: `gcj02`, `epsg:3857`, `epsg:4547 (file)`, `wgs84`.
    let description: String
    /// Whether nothing declared the system (no `--crs`, no metadata): coordinates out of range
    /// then ask for `--crs epsg:N`.
    let isAssumed: Bool

    /// For a file read without GDAL (CSV, GeoJSON): the declared system, or WGS-84.
    static func declared(_ crs: CoordinateSystem?, file: String) throws -> CoordinateConversion {
        guard let crs else { return CoordinateConversion(method: .none, description: CoordinateSystem.wgs84.description, isAssumed: true) }
        guard case .epsg(let code) = crs else { return CoordinateConversion(method: .inProcess(crs), description: crs.description, isAssumed: false) }
        do {
            let transformation = try CoordinateTransformation(from: SpatialReference(userInput: "EPSG:\(code)"))
            return CoordinateConversion(method: .gdal(transformation), description: crs.description, isAssumed: false)
        } catch {
            throw Self.unknown(crs, file: file, error)
        }
    }

    /// What to ask GDAL for when it reads the file: converted from the declared EPSG system,
    /// as stored for a system converted in process, else from the file's own system.
    static func request(declaring crs: CoordinateSystem?, file: String) throws -> CoordinateRequest {
        switch crs {
        case nil: return .fromLayerCRS
        case .epsg(let code)?:
            do {
                return .from(try SpatialReference(userInput: "EPSG:\(code)"))
            } catch {
                throw Self.unknown(crs!, file: file, error)
            }
        case _?: return .asStored
        }
    }

    /// What is left to do once GDAL has read `layer` as `request(declaring:)` asked.
    static func after(reading layer: VectorLayer, declared crs: CoordinateSystem?) -> CoordinateConversion {
        if let crs {
            if case .epsg = crs { return CoordinateConversion(method: .none, description: crs.description, isAssumed: false) }
            return CoordinateConversion(method: .inProcess(crs), description: crs.description, isAssumed: false)
        }
        guard let own = layer.crs else {
            return CoordinateConversion(method: .none, description: CoordinateSystem.wgs84.description, isAssumed: true)
        }
        let name = own.epsg.map { "epsg:\($0)" } ?? own.name
        return CoordinateConversion(method: .none, description: "\(name) (file)", isAssumed: false)
    }

    private static func unknown(_ crs: CoordinateSystem, file: String, _ error: Error) -> RejectedInput {
        let detail = (error as? GeoFileError)?.reason ?? "\(error)"
        return RejectedInput(problem: InputError(
            file: file, line: nil, field: "--crs", message: "\(crs) cannot be converted to WGS-84 (\(detail)); expected an EPSG code PROJ knows"))
    }

    /// Whether nothing is left to convert.
    var isIdentity: Bool {
        if case .none = method { return true }
        if case .inProcess(let crs) = method { return crs == .wgs84 || crs == .cgcs2000 }
        return false
    }

    /// The coordinates in WGS-84, in order; nil for each one PROJ cannot convert.
    func toWGS84(_ coordinates: [Coordinate]) -> [Coordinate?] {
        switch method {
        case .none: coordinates
        case .inProcess(let crs): coordinates.map { crs.toWGS84($0) }
        case .gdal(let transformation): transformation.transform(coordinates)
        }
    }

    /// The geometry in WGS-84, keeping its structure; nil when a position cannot be converted.
    func toWGS84(_ geometry: GeoJSONGeometry) -> GeoJSONGeometry? {
        switch method {
        case .none: return geometry
        case .inProcess(let crs): return geometry.mapCoordinates { crs.toWGS84($0) }
        case .gdal:
            var flat: [Coordinate] = []
            _ = geometry.mapCoordinates { flat.append($0); return $0 }
            var converted = toWGS84(flat)[...]
            var failed = false
            let result = geometry.mapCoordinates { _ -> Coordinate in
                guard let next = converted.popFirst(), let next else {
                    failed = true
                    return Coordinate(0, 0)
                }
                return next
            }
            return failed ? nil : result
        }
    }

    /// Why coordinates spanning `box` cannot be WGS-84 degrees, or nil when they can.
    func rangeProblem(_ box: BoundingBox) -> String? {
        guard box.minX < -180 || box.maxX > 180 || box.minY < -90 || box.maxY > 90 else { return nil }
        let span = "(\(box.minX), \(box.minY)) – (\(box.maxX), \(box.maxY))"
        if isAssumed {
            return "coordinates out of range \(span): not longitude/latitude degrees, and the file declares no coordinate system; pass --crs epsg:N (e.g. epsg:4547, epsg:3857) with the system they are in"
        }
        return "coordinates out of range \(span) after conversion from \(description); expected longitude/latitude in degrees, longitude first"
    }

    /// Why one point cannot be WGS-84 degrees, or nil.
    func rangeProblem(_ point: Coordinate) -> String? {
        rangeProblem(BoundingBox(covering: [point]))
    }
}
