import Enforcement
import Foundation
import GeoKit
import Store

/// Reads a CSV list of sources into validated records, or rejects the file with every problem.
///
/// Rows are parsed in parallel chunks, each row straight into its slot of the result: a
/// full-province file of 680,000 rows is read, checked, converted to WGS-84 and projected to
/// the store's metric CRS in about a second on two cores.
struct SourceFileReader: Sendable {
    struct Options: Sendable {
        var crs: CoordinateSystem = .wgs84
        var overrides: [SourceColumns.Field: String] = [:]
        var defaultStatus: SourceStatus?
        /// The extent the sources are expected in (the stored areas'), to recognise swapped
        /// latitude and longitude that are each still in range.
        var expectedExtent: BoundingBox?
        /// The metric CRS to project into, when known before reading (the store's); nil leaves
        /// `projected` as the location, for the caller to project once it has chosen one.
        var metricCRS: MetricCRS?
    }

    struct Result: Sendable {
        var records: [SourceRecord]
        /// The line of each record.
        var lines: [Int]
        var warnings: [InputError]
        var encoding: TextDecoding.Encoding
    }

    let file: String
    let options: Options

    func read(bytes raw: [UInt8]) throws -> Result {
        let (bytes, encoding) = try TextDecoding.utf8Bytes(of: raw, file: file)
        let document = try CSVDocument(bytes: bytes, file: file)
        guard document.recordCount > 0 else {
            throw RejectedInput(problems: [InputError(file: file, line: nil, field: nil, message: "the file is empty; expected a header line and one row per source")])
        }
        let header = document.header()
        let columns = try SourceColumns(header: header, overrides: options.overrides, file: file)

        var missing: [String] = []
        if columns[.sourceID] == nil { missing.append("source_id (or id, 编号)") }
        if columns[.lon] == nil { missing.append("lon (or lng, longitude, x, 经度)") }
        if columns[.lat] == nil { missing.append("lat (or latitude, y, 纬度)") }
        if columns[.status] == nil && options.defaultStatus == nil { missing.append("status (or 状态), or pass --default-status") }
        if !missing.isEmpty {
            throw RejectedInput(problems: missing.map {
                InputError(file: file, line: 1, field: nil, message: "missing column \($0); the header has \(HeaderSummary.describe(header))")
            })
        }
        let rowCount = document.recordCount - 1
        if rowCount == 0 {
            throw RejectedInput(problems: [InputError(file: file, line: nil, field: nil, message: "the file has a header but no rows")])
        }

        // Parse chunks in parallel, each row straight into its slot of the result: gathering
        // per-chunk arrays afterwards would copy 680,000 records once more.
        var warnings: [InputError] = []
        var problems = ProblemList()
        let records = [SourceRecord](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
            let slots = RecordSlots(buffer)
            let parts = document.mapChunks { range in
                parse(document, columns: columns, records: range, fieldCount: header.count, into: slots)
            }
            initialized = parts.map(\.rows).reduce(0, +)
            precondition(initialized == rowCount, "every row fills its slot")
            for chunk in parts {
                warnings.append(contentsOf: chunk.warnings)
                problems.append(contentsOf: chunk.problems)
            }
        }
        let lines = document.recordLines[1...].map(Int.init)

        // Duplicate ids: none possible in a file sorted by id (bureau exports and the default
        // dataset are); otherwise a dictionary from id to its first line finds them.
        let sorted = SourceRecord.areInStrictByteOrder(records)
        var firstLine: [String: Int] = [:]
        if !sorted { firstLine.reserveCapacity(records.count) }
        // A rejected row's placeholder has no id.
        for (record, line) in zip(records, lines) where !sorted && !record.sourceID.isEmpty {
            if let earlier = firstLine.updateValue(line, forKey: record.sourceID) {
                firstLine[record.sourceID] = earlier
                problems.append(InputError(file: file, line: line, field: "source_id",
                                           message: "duplicate id \(record.sourceID) (first on line \(earlier)); expected each source once"))
            }
        }
        try problems.throwIfAny()
        return Result(records: records, lines: lines, warnings: warnings, encoding: encoding)
    }

    private struct Chunk: Sendable {
        /// How many slots the chunk filled: one per row, a placeholder for a rejected row.
        var rows = 0
        var warnings: [InputError] = []
        var problems = ProblemList()
    }

    /// The result's storage while chunks fill it; each row's slot is written by one thread.
    private struct RecordSlots: @unchecked Sendable {
        let base: UnsafeMutablePointer<SourceRecord>
        init(_ buffer: UnsafeMutableBufferPointer<SourceRecord>) { base = buffer.baseAddress! }
    }

    private static let placeholder = SourceRecord(sourceID: "", name: "", status: .unlicensed, location: .init(0, 0), projected: .init(0, 0))

    /// Parses rows `range` (record numbers; the header is record 0) into their slots.
    private func parse(_ document: CSVDocument, columns: SourceColumns, records range: Range<Int>, fieldCount: Int, into slots: RecordSlots) -> Chunk {
        var row = RowParser(reader: self, document: document, columns: columns)
        for r in range {
            // Every row fills its slot, on every path: a rejected row's placeholder is never
            // seen, since its problem rejects the file.
            let line = Int(document.recordLines[r])
            document.fields(ofRecord: r, into: &row.fields)
            let parsed = row.fields.count == fieldCount
                ? row.record(line: line)
                : row.reject(line: line, nil, "expected \(fieldCount) fields as in the header, found \(row.fields.count)")
            (slots.base + (r - 1)).initialize(to: parsed ?? Self.placeholder)
        }
        return Chunk(rows: range.count, warnings: row.warnings, problems: row.problems)
    }

    /// Reads one row after another into a record, collecting the problems and warnings of a
    /// chunk: each phase of a row (id, coordinates, status, category, dates, USCC) is a method.
    private struct RowParser {
        let reader: SourceFileReader
        let document: CSVDocument
        let columns: SourceColumns
        /// The current row's fields.
        var fields: [CSVDocument.Field] = []
        var warnings: [InputError] = []
        var problems = ProblemList()
        private var line = 0

        init(reader: SourceFileReader, document: CSVDocument, columns: SourceColumns) {
            self.reader = reader
            self.document = document
            self.columns = columns
        }

        private var header: [String] { columns.header }

        /// Records a problem of the row and returns no record.
        mutating func reject(line: Int, _ field: String?, _ message: String) -> SourceRecord? {
            problems.append(InputError(file: reader.file, line: line, field: field, message: message))
            return nil
        }

        private mutating func problem(_ field: String?, _ message: String) {
            problems.append(InputError(file: reader.file, line: line, field: field, message: message))
        }

        private mutating func warning(_ field: String?, _ message: String) {
            warnings.append(InputError(file: reader.file, line: line, field: field, message: message))
        }

        private func text(_ field: SourceColumns.Field) -> String? {
            guard let i = columns[field], !document.isEmpty(fields[i]) else { return nil }
            return document.string(fields[i])
        }

        /// The row's record, or nil with its problems recorded.
        mutating func record(line: Int) -> SourceRecord? {
            self.line = line
            guard let id = text(.sourceID) else {
                problem(header[columns[.sourceID]!], "missing; expected the source's id")
                return nil
            }
            guard let location = location(), let status = status() else { return nil }
            guard let category = category(), let (statusDate, deadline) = dates() else { return nil }
            let uscc = checkedUSCC()
            if status == .rectifying && deadline == nil {
                warning("deadline", "rectifying source \(id) has no deadline; it can never be reported overdue")
            }
            let crs = reader.options.crs
            var projected = location
            if crs.isSupportedInProcess, let metricCRS = reader.options.metricCRS { projected = metricCRS.forward(location) }
            return SourceRecord(
                sourceID: id, name: text(.name) ?? "", uscc: uscc, industry: text(.industry), category: category,
                status: status, statusDate: statusDate, deadline: deadline,
                location: location, projected: projected)
        }

        /// Coordinates: present, numeric, finite, in range and not swapped; converted to WGS-84
        /// when the process converts the system itself (the caller converts the others through
        /// PROJ once the whole file is read).
        private mutating func location() -> Coordinate? {
            let lon = coordinate(.lon), lat = coordinate(.lat)
            guard let lon, let lat else { return nil }
            let names = "\(header[columns[.lon]!]),\(header[columns[.lat]!])"
            let crs = reader.options.crs
            var location = Coordinate(lon, lat)
            if crs.isSupportedInProcess && crs != .epsg4547, let message = reader.rangeProblem(location) {
                problem(names, message)
                return nil
            }
            if crs.isSupportedInProcess {
                location = crs.toWGS84(location)
                if crs == .epsg4547, let message = reader.rangeProblem(location) {
                    problem(names, message + " after conversion from EPSG:4547")
                    return nil
                }
            }
            return location
        }

        private mutating func coordinate(_ field: SourceColumns.Field) -> Double? {
            let i = columns[field]!
            let name = header[i]
            if document.isEmpty(fields[i]) {
                problem(name, "missing; expected \(field == .lon ? "a longitude" : "a latitude") in degrees")
            } else if let value = document.double(fields[i]) {
                if value.isFinite { return value }
                problem(name, "\(document.string(fields[i])) is not a coordinate; expected a finite number")
            } else {
                problem(name, "'\(document.string(fields[i]))' is not a number; expected \(field == .lon ? "a longitude" : "a latitude") in degrees")
            }
            return nil
        }

        /// The status, in English or Chinese, or the default.
        private mutating func status() -> SourceStatus? {
            if let raw = text(.status) {
                guard let parsed = SourceStatus(parsing: raw) else {
                    problem(header[columns[.status]!], "'\(raw)' is not a status; expected one of \(SourceStatus.acceptedSpellings)")
                    return nil
                }
                return parsed
            }
            if let fallback = reader.options.defaultStatus { return fallback }
            problem(columns[.status].map { header[$0] } ?? "status", "missing; expected one of \(SourceStatus.acceptedSpellings)")
            return nil
        }

        /// The management category: `.some(nil)` for a row without one, nil (rejected) for
        /// text that is not a category.
        private mutating func category() -> String?? {
            guard let raw = text(.category) else { return .some(nil) }
            guard let parsed = ManagementCategory(parsing: raw) else {
                problem(header[columns[.category]!], "'\(raw)' is not a management category; expected key/重点管理, simplified/简化管理 or registration/登记管理")
                return nil
            }
            return parsed.rawValue
        }

        /// The status date and the deadline, each when given; nil when either is not a date.
        private mutating func dates() -> (String?, String?)? {
            var bad = false
            func date(_ field: SourceColumns.Field, _ parser: inout RowParser) -> String? {
                guard let raw = parser.text(field) else { return nil }
                guard let date = DateText.normalize(raw) else {
                    parser.problem(parser.header[parser.columns[field]!], "'\(raw)' is not a date; expected YYYY-MM-DD")
                    bad = true
                    return nil
                }
                return date
            }
            let statusDate = date(.statusDate, &self), deadline = date(.deadline, &self)
            return bad ? nil : (statusDate, deadline)
        }

        /// The USCC, upper-cased; a malformed one or one with a wrong check character is a
        /// warning, never a rejection (early codes fail the check legitimately).
        private mutating func checkedUSCC() -> String? {
            guard let uscc = text(.uscc).map({ $0.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) ? $0.uppercased() : $0 }) else {
                return nil
            }
            switch USCC.verify(uscc) {
            case .valid: break
            case .malformed:
                warning(header[columns[.uscc]!], "'\(uscc)' is not an 18-character unified social credit code (kept)")
            case .wrongCheckCharacter(let expected):
                warning(header[columns[.uscc]!], "\(uscc): check character should be \(expected) (kept: early codes fail the check legitimately)")
            }
            return uscc
        }
    }

    /// Why a WGS-84 position is impossible or implausible, or nil when it is fine.
    func rangeProblem(_ c: Coordinate) -> String? {
        let lonOK = (-180...180).contains(c.x), latOK = (-90...90).contains(c.y)
        let swappedOK = (-180...180).contains(c.y) && (-90...90).contains(c.x)
        if !(lonOK && latOK) {
            if swappedOK {
                return "latitude and longitude look swapped (longitude \(c.x), latitude \(c.y)); expected longitude first"
            }
            return "(\(c.x), \(c.y)) is out of range; expected longitude in [-180, 180] and latitude in [-90, 90]"
        }
        if let extent = options.expectedExtent?.expanded(by: 1), !extent.contains(c),
            extent.contains(Coordinate(c.y, c.x))
        {
            return "latitude and longitude look swapped: (\(c.x), \(c.y)) is far from every area, (\(c.y), \(c.x)) is inside them"
        }
        return nil
    }
}
