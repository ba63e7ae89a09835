import Enforcement
import GeoKit
import Store

/// Reads one row after another into a record, collecting the problems and warnings of a
/// chunk: each phase of a row (id, coordinates, status, category, dates, USCC) is a method.
struct SourceRowParser {
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
        func date(_ field: SourceColumns.Field, _ parser: inout SourceRowParser) -> String? {
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
