import Foundation
import GeoKit
import Logging
import Store

/// `permitwatch ingest depots`: the bureaus' offices (`code,name,county_code,lon,lat`), where
/// inspection routes start and end.
public struct DepotIngest: Sendable {
    let database: any EnforcementStore
    let logger: Logger

    public init(database: any EnforcementStore, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public func run(file path: String, crs: CoordinateSystem = .wgs84) throws -> Int {
        let (bytes, _) = try TextDecoding.utf8Bytes(of: try FileInput.read(path), file: path)
        let document = try CSVDocument(bytes: bytes, file: path)
        guard document.recordCount > 1 else {
            throw RejectedInput(problems: [InputError(file: path, line: nil, field: nil, message: "the file is empty; expected a header code,name,county_code,lon,lat and one row per depot")])
        }
        let header = document.header().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let codeColumn = column(["code", "id"]), let lonColumn = column(["lon", "lng", "longitude", "经度"]),
            let latColumn = column(["lat", "latitude", "纬度"])
        else {
            throw RejectedInput(problems: [InputError(file: path, line: 1, field: nil, message: "missing column; expected code, name, county_code, lon, lat; the header has \(header.joined(separator: ", "))")])
        }
        let nameColumn = column(["name", "名称"])
        let countyColumn = column(["county_code", "county"])
        var problems = ProblemList()
        var depots: [DepotRecord] = []
        var seen: [String: Int] = [:]
        var fields: [CSVDocument.Field] = []
        for r in 1..<document.recordCount {
            let line = Int(document.recordLines[r])
            document.fields(ofRecord: r, into: &fields)
            guard fields.count == header.count else {
                problems.append(InputError(file: path, line: line, field: nil, message: "expected \(header.count) fields as in the header, found \(fields.count)"))
                continue
            }
            let code = document.string(fields[codeColumn])
            if code.isEmpty {
                problems.append(InputError(file: path, line: line, field: header[codeColumn], message: "missing; expected the depot's code"))
                continue
            }
            if let first = seen.updateValue(line, forKey: code) {
                seen[code] = first
                problems.append(InputError(file: path, line: line, field: header[codeColumn], message: "duplicate code \(code) (first on line \(first))"))
                continue
            }
            guard let lon = document.double(fields[lonColumn]), let lat = document.double(fields[latColumn]),
                lon.isFinite, lat.isFinite, (-180...180).contains(lon), (-90...90).contains(lat)
            else {
                problems.append(InputError(file: path, line: line, field: "\(header[lonColumn]),\(header[latColumn])", message: "expected longitude and latitude in degrees"))
                continue
            }
            let location = crs.toWGS84(Coordinate(lon, lat))
            depots.append(DepotRecord(
                code: code, name: nameColumn.map { document.string(fields[$0]) } ?? code,
                countyCode: countyColumn.map { document.string(fields[$0]) }.flatMap { $0.isEmpty ? nil : $0 },
                location: location, projected: GaussKruger.epsg4547.forward(location)))
        }
        try problems.throwIfAny()
        try database.replaceDepots(depots, log: IngestLogEntry(kind: "depots", file: path, crs: crs.description, rows: depots.count, warnings: 0))
        return depots.count
    }
}
