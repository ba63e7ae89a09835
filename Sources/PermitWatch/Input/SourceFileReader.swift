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

    /// A file decoded and split into records, with its header: what every pass parses.
    struct Document: Sendable {
        let csv: CSVDocument
        let encoding: TextDecoding.Encoding
        let header: [String]
        /// The data rows (records after the header).
        var rowCount: Int { csv.recordCount - 1 }
    }

    /// Decodes the file and finds its records; an empty file is refused.
    func open(bytes raw: [UInt8]) throws -> Document {
        let (bytes, encoding) = try TextDecoding.utf8Bytes(of: raw, file: file)
        let document = try CSVDocument(bytes: bytes, file: file)
        guard document.recordCount > 0 else {
            throw RejectedInput(problems: [InputError(file: file, line: nil, field: nil, message: "the file is empty; expected a header line and one row per source")])
        }
        return Document(csv: document, encoding: encoding, header: document.header())
    }

    /// The columns of one pass, the required ones checked, with the columns `setAside` (by
    /// position, with the field each was found as) read as attributes.
    func columns(of document: Document, setAside: [Int: String]) throws -> SourceColumns {
        let columns = try SourceColumns(
            header: document.header, choices: options.choices, keepColumns: options.keepColumns, setAside: Set(setAside.keys), file: file)
        try checkRequiredColumns(columns, header: document.header, setAside: setAside)
        if document.rowCount == 0 {
            throw RejectedInput(problems: [InputError(file: file, line: nil, field: nil, message: "the file has a header but no rows")])
        }
        return columns
    }

    /// The fields whose column, found by its usual name, mostly holds something else: to be
    /// set aside and the rows parsed again.
    static func misfits(_ tally: VocabularyTally, columns: SourceColumns) -> [SourceColumns.Field] {
        SourceColumns.Field.allCases.filter { $0.hasVocabulary && columns.foundByName($0) && tally.mostlyMisfits($0) }
    }

    func read(bytes raw: [UInt8]) throws -> Result {
        let document = try open(bytes: raw)
        let header = document.header
        var setAside: [Int: String] = [:]
        var headerWarnings: [InputError] = []
        var pass = 0
        while true {
            pass += 1
            let columns = try columns(of: document, setAside: setAside)
            var parsed = parseRows(document.csv, columns: columns, rowCount: document.rowCount, fieldCount: header.count)
            // Columns that merely share a field's name: set aside, then parse again.
            let misfits = Self.misfits(parsed.tally, columns: columns)
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
            return try finish(parsed, document: document.csv, columns: columns, rowCount: document.rowCount, encoding: document.encoding)
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
    struct BadRow: Sendable {
        var record: Int
        var problems: [InputError]
        var id: String?
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
                    let problem = duplicateProblem(record.sourceID, line: line, firstLine: earlier, columns: columns)
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
        let rejections = try rejections(
            of: parsed.badRows, problems: parsed.problems, badCount: parsed.badCount, rowCount: rowCount, document: document)
        // Leave the bad rows out.
        var isBad = [Bool](repeating: false, count: rowCount)
        for record in rejections.records { isBad[record - 1] = true }
        var records: [SourceRecord] = []
        var lines: [Int] = []
        records.reserveCapacity(rowCount - rejections.records.count)
        lines.reserveCapacity(rowCount - rejections.records.count)
        for index in 0..<rowCount where !isBad[index] {
            records.append(parsed.records[index])
            lines.append(parsed.lines[index])
        }
        parsed.records = []
        result.records = records
        result.lines = lines
        result.rejected = rejections.rows
        result.rejectedIDs = rejections.ids
        result.unidentifiedRejects = rejections.unidentified
        return result
    }

    /// The problem of a row whose id an earlier row already has (the later row is the bad one).
    func duplicateProblem(_ id: String, line: Int, firstLine: Int, columns: SourceColumns) -> InputError {
        InputError(
            file: file, line: line, field: columns.header[columns[.sourceID]!],
            message: "duplicate id \(id) (first on line \(firstLine)); expected each source once")
    }

    /// The rows a file's bad rows leave out, and what is said of them.
    struct Rejections {
        /// Their record numbers, ascending.
        var records: [Int] = []
        var rows: [IngestLogEntry.RejectedRow] = []
        /// The source ids they name, where one could be read.
        var ids: Set<String> = []
        /// How many name no readable id.
        var unidentified = 0
    }

    /// What the bad rows come to: the whole file rejected (thrown: any bad row by default; with
    /// `skipBadRows`, more than `maxErrors` bad rows or nothing but bad rows), or the rows to
    /// leave out, each with its line, text, field and reason.
    ///
    /// - Parameter badRows: with `skipBadRows`, every bad row (at most `maxErrors + 1` of them).
    func rejections(of badRows: [BadRow], problems: ProblemList, badCount: Int, rowCount: Int, document: CSVDocument) throws -> Rejections {
        guard badCount > 0 else { return Rejections() }
        guard options.skipBadRows else {
            try problems.throwIfAny()
            return Rejections()
        }
        if badCount > options.maxErrors || badCount == rowCount {
            let why = badCount == rowCount
                ? "every one of the \(rowCount) rows is bad: nothing could be loaded"
                : "\(badCount) of \(rowCount) rows are bad, more than --max-errors \(options.maxErrors)"
            var all = ProblemList()
            all.append(InputError(
                file: file, line: nil, field: nil,
                message: "\(why); this is probably the wrong file, or it needs other flags (the first problems follow)"))
            all.append(contentsOf: problems)
            try all.throwIfAny()
        }
        var rejections = Rejections()
        for row in badRows.sorted(by: { $0.record < $1.record }) {
            rejections.records.append(row.record)
            let fields = row.problems.compactMap(\.field).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let reason = row.problems.count == 1
                ? row.problems[0].message
                : row.problems.map { ($0.field.map { "\($0): " } ?? "") + $0.message }.joined(separator: " | ")
            rejections.rows.append(IngestLogEntry.RejectedRow(
                line: Int(document.recordLines[row.record]), text: document.text(ofRecord: row.record),
                field: fields.joined(separator: " | "), reason: reason))
            if let id = row.id { rejections.ids.insert(id) } else { rejections.unidentified += 1 }
        }
        return rejections
    }

    /// What one chunk of rows found besides its records.
    struct Chunk: Sendable {
        /// How many slots the chunk filled: one per row, a placeholder for a rejected row.
        var rows = 0
        var warnings: [InputError] = []
        var problems = ProblemList()
        /// Its bad rows while there are at most `keepLimit`.
        var badRows: [BadRow] = []
        var badCount = 0
        /// The record numbers of all its bad rows, ascending: their slots hold placeholders.
        var badRecords: [Int] = []
        var tally = VocabularyTally()
    }

    /// The result's storage while chunks fill it; each row's slot is written by one thread.
    private struct RecordSlots: @unchecked Sendable {
        let base: UnsafeMutablePointer<SourceRecord>
        /// The record number of the slot at `base`.
        let firstRecord: Int
        init(_ buffer: UnsafeMutableBufferPointer<SourceRecord>, firstRecord: Int = 1) {
            base = buffer.baseAddress!
            self.firstRecord = firstRecord
        }
    }

    /// One chunk's rows parsed on their own, for a load that writes while it reads: the good
    /// rows' records and record numbers, in file order, and what the chunk found.
    struct ParsedChunk: Sendable {
        var records: [SourceRecord]
        var recordNumbers: [Int]
        var found: Chunk
    }

    /// Parses records `range` (record numbers; the header is record 0) into a chunk of their own.
    ///
    /// - Parameter keepLimit: how many bad rows to keep whole (`maxErrors + 1` with
    ///   `skipBadRows`, else none: any bad row rejects the file).
    func parseChunk(_ document: Document, columns: SourceColumns, attributeKeys: [[UInt8]], records range: Range<Int>, keepLimit: Int) -> ParsedChunk {
        var found = Chunk()
        let parsed = [SourceRecord](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            found = parse(
                document.csv, columns: columns, attributeKeys: attributeKeys, records: range, fieldCount: document.header.count,
                keepLimit: keepLimit, into: RecordSlots(buffer, firstRecord: range.lowerBound))
            initialized = range.count
        }
        guard !found.badRecords.isEmpty else { return ParsedChunk(records: parsed, recordNumbers: Array(range), found: found) }
        // The placeholders left out.
        var isBad = [Bool](repeating: false, count: range.count)
        for record in found.badRecords { isBad[record - range.lowerBound] = true }
        var records: [SourceRecord] = [], numbers: [Int] = []
        records.reserveCapacity(range.count - found.badRecords.count)
        numbers.reserveCapacity(range.count - found.badRecords.count)
        for i in parsed.indices where !isBad[i] {
            records.append(parsed[i])
            numbers.append(range.lowerBound + i)
        }
        return ParsedChunk(records: records, recordNumbers: numbers, found: found)
    }

    /// `"key":` for each attribute of `columns`, JSON-escaped once.
    static func attributeKeys(of columns: SourceColumns) -> [[UInt8]] { escapedKeys(columns.attributes.map(\.key)) }

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
        var row = SourceRowParser(reader: self, document: document, columns: columns, attributeKeys: attributeKeys)
        var badRows: [BadRow] = []
        var badCount = 0
        var badRecords: [Int] = []
        for r in range {
            // Every row fills its slot, on every path: a bad row's placeholder is never loaded
            // (its problem rejects the file, or the row is left out).
            let line = Int(document.recordLines[r])
            document.fields(ofRecord: r, into: &row.fields)
            let shaped = row.fields.count == fieldCount
            let parsed = shaped
                ? row.record(line: line)
                : row.reject(line: line, nil, "expected \(fieldCount) fields as in the header, found \(row.fields.count)")
            (slots.base + (r - slots.firstRecord)).initialize(to: parsed ?? Self.placeholder)
            if !row.rowProblems.isEmpty {
                badCount += 1
                badRecords.append(r)
                if badRows.count < keepLimit {
                    badRows.append(BadRow(record: r, problems: row.rowProblems, id: shaped ? row.sourceID() : nil))
                }
                row.endBadRow()
            }
        }
        return Chunk(
            rows: range.count, warnings: row.warnings, problems: row.problems, badRows: badRows, badCount: badCount,
            badRecords: badRecords, tally: row.tally)
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
