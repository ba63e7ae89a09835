import GeoKit

/// A stops file: `source_id,lon,lat,priority` (WGS-84 degrees; priority a positive number,
/// default 1 when the column is absent). A bad row is rejected with its line and field.
enum RouteStopsFile {
    static func read(_ path: String) throws -> [RouteStop] {
        let (bytes, _) = try TextDecoding.utf8Bytes(of: try FileInput.read(path), file: path)
        let document = try CSVDocument(bytes: bytes, file: path)
        guard document.recordCount > 1 else {
            throw RejectedInput(problem: InputError(file: path, line: nil, field: nil, message: "the file is empty; expected a header source_id,lon,lat,priority and one row per stop"))
        }
        let header = document.header().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let idColumn = column(["source_id", "id", "code"]), let lonColumn = column(["lon", "lng", "longitude"]),
            let latColumn = column(["lat", "latitude"])
        else {
            throw RejectedInput(problem: InputError(file: path, line: 1, field: nil, message: "missing column; expected source_id, lon, lat, priority; the header has \(header.joined(separator: ", "))"))
        }
        let priorityColumn = column(["priority", "prize"])
        var problems = ProblemList()
        var stops: [RouteStop] = []
        var seen: [String: Int] = [:]
        var fields: [CSVDocument.Field] = []
        for r in 1..<document.recordCount {
            let line = Int(document.recordLines[r])
            document.fields(ofRecord: r, into: &fields)
            guard fields.count == header.count else {
                problems.append(InputError(file: path, line: line, field: nil, message: "expected \(header.count) fields as in the header, found \(fields.count)"))
                continue
            }
            let id = document.string(fields[idColumn])
            if id.isEmpty {
                problems.append(InputError(file: path, line: line, field: header[idColumn], message: "missing; expected the stop's id"))
                continue
            }
            if let first = seen.updateValue(line, forKey: id) {
                seen[id] = first
                problems.append(InputError(file: path, line: line, field: header[idColumn], message: "duplicate id \(id) (first on line \(first))"))
                continue
            }
            guard let lon = document.double(fields[lonColumn]), let lat = document.double(fields[latColumn]),
                lon.isFinite, lat.isFinite, (-180...180).contains(lon), (-90...90).contains(lat)
            else {
                problems.append(InputError(file: path, line: line, field: "\(header[lonColumn]),\(header[latColumn])", message: "expected longitude and latitude in degrees"))
                continue
            }
            var priority = 1.0
            if let priorityColumn, !document.isEmpty(fields[priorityColumn]) {
                guard let value = document.double(fields[priorityColumn]), value.isFinite, value > 0 else {
                    problems.append(InputError(file: path, line: line, field: header[priorityColumn], message: "expected a positive number"))
                    continue
                }
                priority = value
            }
            stops.append(RouteStop(id: id, location: Coordinate(lon, lat), priority: priority))
        }
        try problems.throwIfAny()
        return stops
    }
}
