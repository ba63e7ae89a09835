import Enforcement
import Foundation
import GeoKit
import Store

/// Reads a CSV list of sources into validated records, or rejects the file with every problem.
///
/// Rows are parsed in parallel chunks, each row straight into its slot of the result: a
/// full-province file of 680,000 rows is read, checked, converted to WGS-84 and projected to
/// the store's metric CRS in about a second on two cores.
///
/// **Bad rows.** By default any bad row rejects the whole file. With `skipBadRows`
/// (`--on-error skip`) the good rows are returned and each bad row is returned as a
/// `RejectedRow` (its line, its text as the file has it, the field and the reason), unless
/// more than `maxErrors` rows are bad, or every row is: then the file is probably the wrong
/// one (or read with the wrong flags) and is rejected whole all the same.
///
/// **Columns that merely share a field's name.** A column found by its usual name (not named
/// by its flag) whose non-empty values mostly do not fit the field (at least 10 were read and
/// more of them are not statuses, categories or dates than are) is not read as that field: it is kept as an
/// attribute, with a warning naming the column and the flag. A column whose values mostly fit
/// is the field, and a row whose value does not fit is a bad row, its message naming the
/// column and the flag that maps another column or ignores this one. A column named by its
/// flag is always read as the field. The rule costs the common file nothing: the values are
/// tallied while the rows are parsed, and only a file with such a column is parsed again.
///
/// **Columns that map to no field** are kept per row as a JSON object of their non-empty
/// values (text, as in the file), keyed by their header names: `SourceRecord.attributes`.
struct SourceFileReader: Sendable {
    struct Options: Sendable {
        var crs: CoordinateSystem = .wgs84
        /// What the flags said per field: a column name, or `none`.
        var choices: [SourceColumns.Field: SourceColumns.Choice] = [:]
        /// Whether columns that map to no field are kept as attributes.
        var keepColumns = true
        var defaultStatus: SourceStatus?
        /// The extent the sources are expected in (the stored areas'), to recognise swapped
        /// latitude and longitude that are each still in range.
        var expectedExtent: BoundingBox?
        /// The metric CRS to project into, when known before reading (the store's); nil leaves
        /// `projected` as the location, for the caller to project once it has chosen one.
        var metricCRS: MetricCRS?
        /// Whether bad rows are left out (and returned) rather than rejecting the file.
        var skipBadRows = false
        /// With `skipBadRows`: more bad rows than this reject the file all the same.
        var maxErrors = 1_000
    }

    struct Result: Sendable {
        var records: [SourceRecord]
        /// The line of each record.
        var lines: [Int]
        var warnings: [InputError]
        var encoding: TextDecoding.Encoding
        /// The rows left out (`skipBadRows`), in line order.
        var rejected: [IngestLogEntry.RejectedRow] = []
        /// The source ids the rejected rows name, where one could be read.
        var rejectedIDs: Set<String> = []
        /// Rejected rows whose id could not be read (missing, or a row of the wrong shape).
        var unidentifiedRejects = 0
        /// The attributes' keys, in column order.
        var attributeColumns: [String] = []
    }

    let file: String
    let options: Options

    /// How often the parse is repeated after setting columns aside: at most once per field
    /// with a vocabulary.
    private static let maximumPasses = 5

    func read(bytes raw: [UInt8]) throws -> Result {
        let (bytes, encoding) = try TextDecoding.utf8Bytes(of: raw, file: file)
        let document = try CSVDocument(bytes: bytes, file: file)
        guard document.recordCount > 0 else {
            throw RejectedInput(problems: [InputError(file: file, line: nil, field: nil, message: "the file is empty; expected a header line and one row per source")])
        }
        let header = document.header()
        var setAside: [Int: String] = [:]
        var headerWarnings: [InputError] = []
        var pass = 0
        while true {
            pass += 1
            let columns = try SourceColumns(
                header: header, choices: options.choices, keepColumns: options.keepColumns, setAside: Set(setAside.keys), file: file)
            try checkRequiredColumns(columns, header: header, setAside: setAside)
            let rowCount = document.recordCount - 1
            if rowCount == 0 {
                throw RejectedInput(problems: [InputError(file: file, line: nil, field: nil, message: "the file has a header but no rows")])
            }
            var parsed = parseRows(document, columns: columns, rowCount: rowCount, fieldCount: header.count)
            // Columns that merely share a field's name: set aside, then parse again.
            let misfits = SourceColumns.Field.allCases.filter {
                $0.hasVocabulary && columns.foundByName($0) && parsed.tally.mostlyMisfits($0)
            }
            if !misfits.isEmpty && pass < Self.maximumPasses {
                for field in misfits {
                    let position = columns[field]!
                    setAside[position] = field.rawValue
                    headerWarnings.append(InputError(
                        file: file, line: 1, field: header[position],
                        message: "\(parsed.tally.misfits(field)) of \(parsed.tally.misfits(field) + parsed.tally.fits(field)) values are not \(Self.noun(field)) (\(parsed.tally.examples(field).map { "'\($0)'" }.joined(separator: ", ")), …): the column is kept as an attribute, not read as the \(field.rawValue.replacingOccurrences(of: "_", with: " ")); \(field.flag) \(header[position]) reads it anyway (rows that do not fit become bad rows), \(field.flag) none silences this"))
                }
                continue
            }
            parsed.warnings.insert(contentsOf: headerWarnings, at: 0)
            return try finish(parsed, document: document, columns: columns, rowCount: rowCount, encoding: encoding)
        }
    }

    /// What the rows of one pass gave.
    private struct ParsedRows {
        var records: [SourceRecord]
        var lines: [Int]
        var warnings: [InputError]
        var problems: ProblemList
        /// Every bad row while there are at most `keepLimit` per chunk, by record number.
        var badRows: [BadRow]
        var badCount: Int
        var tally: VocabularyTally
    }

    /// One bad row: its record number, its problems and the id it names, when readable.
    private struct BadRow: Sendable {
        var record: Int
        var problems: [InputError]
        var id: String?
    }

    /// How many non-empty values of each field with a vocabulary fit it, and a few that did not.
    struct VocabularyTally: Sendable {
        private var fit = [0, 0, 0, 0]
        private var misfit = [0, 0, 0, 0]
        private var sample: [[String]] = [[], [], [], []]

        private static func slot(_ field: SourceColumns.Field) -> Int {
            switch field {
            case .status: 0
            case .category: 1
            case .deadline: 2
            default: 3
            }
        }

        mutating func count(_ field: SourceColumns.Field, fits: Bool, value: @autoclosure () -> String) {
            let k = Self.slot(field)
            if fits {
                fit[k] += 1
            } else {
                misfit[k] += 1
                if sample[k].count < 3 {
                    let text = value()
                    if !sample[k].contains(text) { sample[k].append(text) }
                }
            }
        }

        /// How many values a column must have before it can be set aside: fewer are as likely
        /// to be typos as another vocabulary, and a file that small is quickly corrected.
        static let minimumSample = 10

        /// Whether the field's column mostly holds something else: at least `minimumSample`
        /// non-empty values were read and more than half of them do not fit.
        func mostlyMisfits(_ field: SourceColumns.Field) -> Bool {
            let k = Self.slot(field)
            return fit[k] + misfit[k] >= Self.minimumSample && misfit[k] > fit[k]
        }

        func fits(_ field: SourceColumns.Field) -> Int { fit[Self.slot(field)] }
        func misfits(_ field: SourceColumns.Field) -> Int { misfit[Self.slot(field)] }
        func examples(_ field: SourceColumns.Field) -> [String] { sample[Self.slot(field)] }

        mutating func add(_ other: VocabularyTally) {
            for k in 0..<4 {
                fit[k] += other.fit[k]
                misfit[k] += other.misfit[k]
                for text in other.sample[k] where sample[k].count < 3 && !sample[k].contains(text) { sample[k].append(text) }
            }
        }
    }

    private static func noun(_ field: SourceColumns.Field) -> String {
        switch field {
        case .status: "statuses"
        case .category: "management categories"
        default: "dates"
        }
    }

    private func checkRequiredColumns(_ columns: SourceColumns, header: [String], setAside: [Int: String]) throws {
        func note(_ field: SourceColumns.Field) -> String {
            guard let position = setAside.first(where: { $0.value == field.rawValue })?.key else { return "" }
            return "; the column '\(header[position])' was set aside because its values are not \(Self.noun(field)) (\(field.flag) \(header[position]) reads it anyway)"
        }
        var missing: [String] = []
        if columns[.sourceID] == nil { missing.append("source_id (or id, 编号)") }
        if columns[.lon] == nil { missing.append("lon (or lng, longitude, x, 经度)") }
        if columns[.lat] == nil { missing.append("lat (or latitude, y, 纬度)") }
        if columns[.status] == nil && options.defaultStatus == nil {
            missing.append("status (or 状态), or pass --default-status" + note(.status))
        }
        if !missing.isEmpty {
            throw RejectedInput(problems: missing.map {
                InputError(file: file, line: 1, field: nil, message: "missing column \($0); the header has \(HeaderSummary.describe(header))")
            })
        }
    }

    private func parseRows(_ document: CSVDocument, columns: SourceColumns, rowCount: Int, fieldCount: Int) -> ParsedRows {
        // Parse chunks in parallel, each row straight into its slot of the result: gathering
        // per-chunk arrays afterwards would copy 680,000 records once more.
        var warnings: [InputError] = []
        var problems = ProblemList()
        var badRows: [BadRow] = []
        var badCount = 0
        var tally = VocabularyTally()
        let keepLimit = options.skipBadRows ? options.maxErrors + 1 : 0
        let attributeKeys = Self.escapedKeys(columns.attributes.map(\.key))
        let records = [SourceRecord](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
            let slots = RecordSlots(buffer)
            let parts = document.mapChunks { range in
                parse(document, columns: columns, attributeKeys: attributeKeys, records: range, fieldCount: fieldCount,
                      keepLimit: keepLimit, into: slots)
            }
            initialized = parts.map(\.rows).reduce(0, +)
            precondition(initialized == rowCount, "every row fills its slot")
            for chunk in parts {
                warnings.append(contentsOf: chunk.warnings)
                problems.append(contentsOf: chunk.problems)
                badRows.append(contentsOf: chunk.badRows)
                badCount += chunk.badCount
                tally.add(chunk.tally)
            }
        }
        let lines = document.recordLines[1...].map(Int.init)
        return ParsedRows(
            records: records, lines: lines, warnings: warnings, problems: problems, badRows: badRows, badCount: badCount, tally: tally)
    }

    /// Finds repeated ids, then rejects the file or leaves its bad rows out.
    private func finish(_ parsed: ParsedRows, document: CSVDocument, columns: SourceColumns, rowCount: Int, encoding: TextDecoding.Encoding) throws -> Result {
        var parsed = parsed
        // Duplicate ids: none possible in a file sorted by id (bureau exports and the default
        // dataset are); otherwise a dictionary from id to its first line finds them.
        let sorted = SourceRecord.areInStrictByteOrder(parsed.records)
        if !sorted {
            var firstLine: [String: Int] = [:]
            firstLine.reserveCapacity(parsed.records.count)
            // A rejected row's placeholder has no id.
            for (index, record) in parsed.records.enumerated() where !record.sourceID.isEmpty {
                let line = parsed.lines[index]
                if let earlier = firstLine.updateValue(line, forKey: record.sourceID) {
                    firstLine[record.sourceID] = earlier
                    let problem = InputError(
                        file: file, line: line, field: columns.header[columns[.sourceID]!],
                        message: "duplicate id \(record.sourceID) (first on line \(earlier)); expected each source once")
                    parsed.problems.append(problem)
                    parsed.badCount += 1
                    if options.skipBadRows && parsed.badRows.count <= options.maxErrors {
                        parsed.badRows.append(BadRow(record: index + 1, problems: [problem], id: record.sourceID))
                    }
                }
            }
        }
        var result = Result(
            records: parsed.records, lines: parsed.lines, warnings: parsed.warnings, encoding: encoding,
            attributeColumns: columns.attributes.map(\.key))
        guard parsed.badCount > 0 else { return result }
        guard options.skipBadRows else {
            try parsed.problems.throwIfAny()
            return result
        }
        if parsed.badCount > options.maxErrors || parsed.badCount == rowCount {
            let why = parsed.badCount == rowCount
                ? "every one of the \(rowCount) rows is bad: nothing could be loaded"
                : "\(parsed.badCount) of \(rowCount) rows are bad, more than --max-errors \(options.maxErrors)"
            var problems = ProblemList()
            problems.append(InputError(
                file: file, line: nil, field: nil,
                message: "\(why); this is probably the wrong file, or it needs other flags (the first problems follow)"))
            problems.append(contentsOf: parsed.problems)
            try problems.throwIfAny()
        }
        // Leave the bad rows out; they are all in `badRows` (at most maxErrors of them).
        let bad = parsed.badRows.sorted { $0.record < $1.record }
        var isBad = [Bool](repeating: false, count: rowCount)
        for row in bad { isBad[row.record - 1] = true }
        var records: [SourceRecord] = []
        var lines: [Int] = []
        records.reserveCapacity(rowCount - bad.count)
        lines.reserveCapacity(rowCount - bad.count)
        for index in 0..<rowCount where !isBad[index] {
            records.append(parsed.records[index])
            lines.append(parsed.lines[index])
        }
        parsed.records = []
        result.records = records
        result.lines = lines
        for row in bad {
            let fields = row.problems.compactMap(\.field).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let reason = row.problems.count == 1
                ? row.problems[0].message
                : row.problems.map { ($0.field.map { "\($0): " } ?? "") + $0.message }.joined(separator: " | ")
            result.rejected.append(IngestLogEntry.RejectedRow(
                line: Int(document.recordLines[row.record]), text: document.text(ofRecord: row.record),
                field: fields.joined(separator: " | "), reason: reason))
            if let id = row.id { result.rejectedIDs.insert(id) } else { result.unidentifiedRejects += 1 }
        }
        return result
    }

    private struct Chunk: Sendable {
        /// How many slots the chunk filled: one per row, a placeholder for a rejected row.
        var rows = 0
        var warnings: [InputError] = []
        var problems = ProblemList()
        var badRows: [BadRow] = []
        var badCount = 0
        var tally = VocabularyTally()
    }

    /// The result's storage while chunks fill it; each row's slot is written by one thread.
    private struct RecordSlots: @unchecked Sendable {
        let base: UnsafeMutablePointer<SourceRecord>
        init(_ buffer: UnsafeMutableBufferPointer<SourceRecord>) { base = buffer.baseAddress! }
    }

    private static let placeholder = SourceRecord(sourceID: "", name: "", status: .unlicensed, location: .init(0, 0), projected: .init(0, 0))

    /// `"key":` for each attribute, JSON-escaped once.
    private static func escapedKeys(_ keys: [String]) -> [[UInt8]] {
        keys.map { key in
            var bytes: [UInt8] = []
            JSONText.appendString(key, to: &bytes)
            bytes.append(0x3A)
            return bytes
        }
    }

    /// Parses rows `range` (record numbers; the header is record 0) into their slots.
    private func parse(
        _ document: CSVDocument, columns: SourceColumns, attributeKeys: [[UInt8]], records range: Range<Int>, fieldCount: Int,
        keepLimit: Int, into slots: RecordSlots
    ) -> Chunk {
        var row = RowParser(reader: self, document: document, columns: columns, attributeKeys: attributeKeys)
        var badRows: [BadRow] = []
        var badCount = 0
        for r in range {
            // Every row fills its slot, on every path: a bad row's placeholder is never loaded
            // (its problem rejects the file, or the row is left out).
            let line = Int(document.recordLines[r])
            document.fields(ofRecord: r, into: &row.fields)
            let shaped = row.fields.count == fieldCount
            let parsed = shaped
                ? row.record(line: line)
                : row.reject(line: line, nil, "expected \(fieldCount) fields as in the header, found \(row.fields.count)")
            (slots.base + (r - 1)).initialize(to: parsed ?? Self.placeholder)
            if !row.rowProblems.isEmpty {
                badCount += 1
                if badRows.count < keepLimit {
                    badRows.append(BadRow(record: r, problems: row.rowProblems, id: shaped ? row.sourceID() : nil))
                }
                row.endBadRow()
            }
        }
        return Chunk(rows: range.count, warnings: row.warnings, problems: row.problems, badRows: badRows, badCount: badCount, tally: row.tally)
    }

    /// Reads one row after another into a record, collecting the problems and warnings of a
    /// chunk: each phase of a row (id, coordinates, status, category, dates, USCC) is a method.
    private struct RowParser {
        let reader: SourceFileReader
        let document: CSVDocument
        let columns: SourceColumns
        let attributeKeys: [[UInt8]]
        /// The current row's fields.
        var fields: [CSVDocument.Field] = []
        var warnings: [InputError] = []
        var problems = ProblemList()
        /// The current row's problems, until `endBadRow`.
        private(set) var rowProblems: [InputError] = []
        var tally = VocabularyTally()
        private var line = 0
        private var json: [UInt8] = []

        init(reader: SourceFileReader, document: CSVDocument, columns: SourceColumns, attributeKeys: [[UInt8]]) {
            self.reader = reader
            self.document = document
            self.columns = columns
            self.attributeKeys = attributeKeys
        }

        private var header: [String] { columns.header }

        /// Records a problem of the row and returns no record.
        mutating func reject(line: Int, _ field: String?, _ message: String) -> SourceRecord? {
            rowProblems.append(InputError(file: reader.file, line: line, field: field, message: message))
            return nil
        }

        /// Moves the current row's problems to the chunk's.
        mutating func endBadRow() {
            for problem in rowProblems { problems.append(problem) }
            rowProblems.removeAll(keepingCapacity: true)
        }

        /// The current row's id, when it has one.
        func sourceID() -> String? { text(.sourceID) }

        private mutating func problem(_ field: String?, _ message: String) {
            rowProblems.append(InputError(file: reader.file, line: line, field: field, message: message))
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
                location: location, projected: projected,
                attributes: attributeKeys.isEmpty ? nil : attributes(), declaredAreaCode: text(.declaredArea))
        }

        /// The row's columns that hold no field, as a JSON object of their non-empty values.
        private mutating func attributes() -> String? {
            json.removeAll(keepingCapacity: true)
            for (k, column) in columns.attributes.enumerated() where !document.isEmpty(fields[column.position]) {
                json.append(json.isEmpty ? 0x7B : 0x2C)
                json.append(contentsOf: attributeKeys[k])
                JSONText.appendString(document.string(fields[column.position]), to: &json)
            }
            guard !json.isEmpty else { return nil }
            json.append(0x7D)
            return String(decoding: json, as: UTF8.self)
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
                let parsed = SourceStatus(parsing: raw)
                tally.count(.status, fits: parsed != nil, value: raw)
                guard let parsed else {
                    problem(header[columns[.status]!], "'\(raw)' is not a status; expected one of \(SourceStatus.acceptedSpellings) \(SourceColumns.Field.status.flagHint)")
                    return nil
                }
                return parsed
            }
            if let fallback = reader.options.defaultStatus { return fallback }
            problem(columns[.status].map { header[$0] } ?? "status", "missing; expected one of \(SourceStatus.acceptedSpellings), or pass --default-status")
            return nil
        }

        /// The management category: `.some(nil)` for a row without one, nil (rejected) for
        /// text that is not a category.
        private mutating func category() -> String?? {
            guard let raw = text(.category) else { return .some(nil) }
            let parsed = ManagementCategory(parsing: raw)
            tally.count(.category, fits: parsed != nil, value: raw)
            guard let parsed else {
                problem(header[columns[.category]!], "'\(raw)' is not a management category; expected key/重点管理, simplified/简化管理 or registration/登记管理 \(SourceColumns.Field.category.flagHint)")
                return nil
            }
            return parsed.rawValue
        }

        /// The status date and the deadline, each when given; nil when either is not a date.
        private mutating func dates() -> (String?, String?)? {
            var bad = false
            func date(_ field: SourceColumns.Field, _ parser: inout RowParser) -> String? {
                guard let raw = parser.text(field) else { return nil }
                let date = DateText.normalize(raw)
                parser.tally.count(field, fits: date != nil, value: raw)
                guard let date else {
                    parser.problem(parser.header[parser.columns[field]!], "'\(raw)' is not a date; expected YYYY-MM-DD \(field.flagHint)")
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
            if abs(c.x) > 1_000 || abs(c.y) > 1_000 {
                // Metres (a projected file), never to be read as degrees.
                return "(\(c.x), \(c.y)) are not degrees but look like metres; pass --crs epsg:N (e.g. epsg:4547, epsg:3857) with the system they are in"
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
