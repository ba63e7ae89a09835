import GeoKit

/// A CSV file of points with a key column and `lon`, `lat` columns (depots, route stops): the
/// header, the columns found by their accepted names, and the rows that pass the checks every
/// such file shares (field count, a key present and not repeated, coordinates that are numbers
/// and, once converted to WGS-84 by the file's `CoordinateConversion`, longitude and latitude
/// in degrees), each problem located as `FILE:LINE: field: ...`.
struct KeyedPointFile {
    struct Row {
        var line: Int
        var key: String
        var lonLat: Coordinate
        var fields: [CSVDocument.Field]
    }

    let path: String
    let document: CSVDocument
    /// Lower-cased, trimmed.
    let header: [String]
    private let keyColumn: Int
    private let lonColumn: Int
    private let latColumn: Int
    /// How rows and keys are named in messages: ("depot", "code"), ("stop", "id").
    private let noun: (row: String, key: String)

    /// - Parameter expected: the columns the file should have, for the messages of a file that
    ///   is empty or lacks one.
    init(path: String, keyNames: [String], lonNames: [String], latNames: [String], expected: String, noun: (row: String, key: String)) throws {
        let (bytes, _) = try TextDecoding.utf8Bytes(of: try FileInput.read(path), file: path)
        let document = try CSVDocument(bytes: bytes, file: path)
        guard document.recordCount > 1 else {
            throw RejectedInput(problems: [InputError(
                file: path, line: nil, field: nil, message: "the file is empty; expected a header \(expected.replacingOccurrences(of: ", ", with: ",")) and one row per \(noun.row)")])
        }
        let header = document.header().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let keyColumn = column(keyNames), let lonColumn = column(lonNames), let latColumn = column(latNames) else {
            throw RejectedInput(problems: [InputError(
                file: path, line: 1, field: nil, message: "missing column; expected \(expected); the header has \(HeaderSummary.describe(header))")])
        }
        self.path = path
        self.document = document
        self.header = header
        self.keyColumn = keyColumn
        self.lonColumn = lonColumn
        self.latColumn = latColumn
        self.noun = noun
    }

    /// The first column with one of `names`.
    func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }

    /// Every row that passes the shared checks, its point in WGS-84; the others' problems go to
    /// `problems`.
    ///
    /// - Parameter conversion: how the file's coordinates become WGS-84 (`--crs`), the one path
    ///   of every ingest: coordinates in metres are converted, never refused as "not degrees".
    func rows(problems: inout ProblemList, conversion: CoordinateConversion) -> [Row] {
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        var fields: [CSVDocument.Field] = []
        for r in 1..<document.recordCount {
            let line = Int(document.recordLines[r])
            document.fields(ofRecord: r, into: &fields)
            guard fields.count == header.count else {
                problems.append(InputError(file: path, line: line, field: nil, message: "expected \(header.count) fields as in the header, found \(fields.count)"))
                continue
            }
            let key = document.string(fields[keyColumn])
            if key.isEmpty {
                problems.append(InputError(file: path, line: line, field: header[keyColumn], message: "missing; expected the \(noun.row)'s \(noun.key)"))
                continue
            }
            if let first = seen.updateValue(line, forKey: key) {
                seen[key] = first
                problems.append(InputError(file: path, line: line, field: header[keyColumn], message: "duplicate \(noun.key) \(key) (first on line \(first))"))
                continue
            }
            let coordinateFields = "\(header[lonColumn]),\(header[latColumn])"
            guard let lon = document.double(fields[lonColumn]), let lat = document.double(fields[latColumn]), lon.isFinite, lat.isFinite else {
                problems.append(InputError(
                    file: path, line: line, field: coordinateFields,
                    message: "expected two numbers: longitude and latitude in degrees, or x and y in the system --crs declares"))
                continue
            }
            guard let point = conversion.toWGS84([Coordinate(lon, lat)])[0] else {
                problems.append(InputError(
                    file: path, line: line, field: coordinateFields, message: "(\(lon), \(lat)) cannot be converted from \(conversion.description) to WGS-84"))
                continue
            }
            if let message = conversion.rangeProblem(point) {
                problems.append(InputError(file: path, line: line, field: coordinateFields, message: message))
                continue
            }
            rows.append(Row(line: line, key: key, lonLat: point, fields: fields))
        }
        return rows
    }
}
