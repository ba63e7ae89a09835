import Enforcement
import Foundation
import GeoKit
import Store

/// A source found in the field (`POST /sources`): added to the register at once, placed in its
/// prefecture, county, town, grid and square cell by the assignment's own rules, with a
/// `discovered` event (or `listed`, for another status) carrying its author; once, however
/// often the request is retried with the same `Idempotency-Key`.
///
/// Its fields are checked with the rules of `permitwatch ingest sources`: coordinates in
/// degrees and in range (metres and swapped axes named as such), converted from GCJ-02 or
/// BD-09 when `crs` says so; a status, category and dates in the spellings the ingest reads;
/// a malformed USCC kept with a warning. Status `unlicensed` unless given.
public struct NewSourceRecording: Sendable {
    public typealias Storage = FieldRecordStore & SourceRegister & AreaStore & MetricCRSStore

    /// What the client sent, as text, before any check.
    public struct Request: Sendable, Equatable {
        public var sourceID: String?
        public var name: String?
        public var lon: Double?
        public var lat: Double?
        public var crs: String?
        public var status: String?
        /// The day the source was found, which its status dates from (default today).
        public var date: String?
        public var deadline: String?
        public var uscc: String?
        public var industry: String?
        public var category: String?
        public var declaredArea: String?
        public var officer: String?
        public var note: String?

        public init(
            sourceID: String? = nil, name: String?, lon: Double?, lat: Double?, crs: String? = nil, status: String? = nil, date: String? = nil,
            deadline: String? = nil, uscc: String? = nil, industry: String? = nil, category: String? = nil, declaredArea: String? = nil,
            officer: String? = nil, note: String? = nil
        ) {
            (self.sourceID, self.name, self.lon, self.lat, self.crs, self.status, self.date) = (sourceID, name, lon, lat, crs, status, date)
            (self.deadline, self.uscc, self.industry, self.category, self.declaredArea) = (deadline, uscc, industry, category, declaredArea)
            (self.officer, self.note) = (officer, note)
        }
    }

    /// What was recorded, for the reply.
    public struct Recorded: Sendable, Equatable {
        public var record: SourceRecord
        public var sourceID: String
        public var author: String
        public var recordedAt: String
        public var ingestID: Int64
        /// What the ingest would have warned about (a USCC whose check character is wrong).
        public var warnings: [String]
    }

    let store: any Storage
    let assigners: AssignerCache

    /// - Parameter assigners: kept by the caller across requests: the areas are read once,
    ///   not per source.
    public init(store: any Storage, assigners: AssignerCache) {
        self.store = store
        self.assigners = assigners
    }

    /// Records the source found by `author`; `idempotencyKey` makes a retry answer the first reply.
    ///
    /// - Throws: `ParameterError` naming the field at fault; `.conflict` when the id is taken.
    public func record(
        _ request: Request, author: String, idempotencyKey: String?, today: String = DateText.today(),
        reply: (Recorded) throws -> StoredReply
    ) throws -> FieldRecording {
        guard let metricCRS = try store.metricCRS() else {
            throw ParameterError(
                "lon", nil, "the register is empty, so it has no metric system to place a source in; load a register first (permitwatch ingest sources)",
                kind: .rejected)
        }
        var (record, warnings) = try check(request, metricCRS: metricCRS, today: today)
        let assigner = try assigners.assigner(for: store, metricCRS: metricCRS)
        var assignment = assigner.assign(locations: [record.location], projected: [record.projected], concurrently: false).assignments[0]
        if let declared = record.declaredAreaCode, assigner.baseLevel != nil {
            assignment.locationMismatch = !DeclaredArea.isConsistent(declared, with: assignment)
        }
        record.assignment = assignment
        let idempotency = try FieldWriteRules.idempotency(idempotencyKey, request: Self.fingerprintParts(record, request))
        let event = FieldEvent(
            event: EventRecord(
                sourceID: record.sourceID, date: record.statusDate ?? today, kind: record.status == .unlicensed ? .discovered : .listed,
                status: record.status, deadline: record.deadline),
            details: try FieldWriteRules.details([
                "officer": try FieldWriteRules.optional(request.officer, "officer", limit: 100),
                "note": try FieldWriteRules.optional(request.note, "note", limit: 2000),
            ]))
        let recordedAt = Timestamp.now()
        let path = "POST /sources"
        do {
            return try store.recordFieldWrite(.newSource(record, event), author: author, request: path, idempotency: idempotency) { receipt in
                var stored = record
                stored.sourceID = receipt.sourceID
                return try reply(Recorded(
                    record: stored, sourceID: receipt.sourceID, author: author, recordedAt: recordedAt, ingestID: receipt.ingestID, warnings: warnings))
            }
        } catch let conflict as FieldWriteConflict {
            throw FieldWriteRules.refusal(conflict)
        }
    }

    /// The record as it will be stored (not yet placed), and the warnings the ingest would give.
    func check(_ request: Request, metricCRS: MetricCRS, today: String) throws -> (SourceRecord, [String]) {
        let id = try FieldWriteRules.optional(request.sourceID, "source_id", limit: 100) ?? ""
        guard let name = try FieldWriteRules.optional(request.name, "name", limit: 200) else {
            throw ParameterError("name", nil, "the source's name is required, 1 to 200 characters")
        }
        let location = try checkedLocation(request)
        let status = try request.status.map { text in
            guard let status = SourceStatus(parsing: text) else {
                throw ParameterError("status", text, "expected one of \(SourceStatus.acceptedSpellings)")
            }
            return status
        } ?? .unlicensed
        let category = try request.category.map { text in
            guard let category = ManagementCategory(parsing: text) else {
                throw ParameterError("category", text, "expected key/重点管理, simplified/简化管理 or registration/登记管理")
            }
            return category.rawValue
        }
        let date = try FieldWriteRules.day(request.date.map { DateText.normalize($0) ?? $0 }, "date", today: today, what: "the day the source was found") ?? today
        var deadline: String?
        if let text = request.deadline {
            guard let day = DateText.normalize(text) else { throw ParameterError("deadline", text, "expected a date YYYY-MM-DD") }
            guard status == .rectifying else {
                throw ParameterError("deadline", text, "only a source being rectified has a deadline; its status is \(status.rawValue)")
            }
            deadline = day
        }
        var warnings: [String] = []
        if status == .rectifying && deadline == nil {
            warnings.append("deadline: a rectifying source without a deadline can never be reported overdue")
        }
        let uscc = try FieldWriteRules.optional(request.uscc, "uscc", limit: 40)?.uppercased()
        if let uscc {
            switch USCC.verify(uscc) {
            case .valid: break
            case .malformed: warnings.append("uscc: '\(uscc)' is not an 18-character unified social credit code (kept)")
            case .wrongCheckCharacter(let expected):
                warnings.append("uscc: \(uscc): check character should be \(expected) (kept: early codes fail the check legitimately)")
            }
        }
        let record = SourceRecord(
            sourceID: id, name: name, uscc: uscc, industry: try FieldWriteRules.optional(request.industry, "industry", limit: 100),
            category: category, status: status, statusDate: date, deadline: deadline,
            location: location, projected: metricCRS.forward(location),
            declaredAreaCode: try FieldWriteRules.optional(request.declaredArea, "declared_area", limit: 40))
        return (record, warnings)
    }

    /// The position in WGS-84, checked as the ingest checks a row's (`SourceFileReader.rangeProblem`).
    private func checkedLocation(_ request: Request) throws -> Coordinate {
        guard let lon = request.lon else { throw ParameterError("lon", nil, "the longitude is required, in degrees") }
        guard let lat = request.lat else { throw ParameterError("lat", nil, "the latitude is required, in degrees") }
        guard lon.isFinite, lat.isFinite else { throw ParameterError("lon", "\(lon),\(lat)", "expected finite numbers") }
        let crs = try request.crs.map { text in
            guard let crs = CoordinateSystem(parsing: text), crs.isSupportedInProcess, crs != .epsg4547 else {
                throw ParameterError("crs", text, "expected wgs84, cgcs2000, gcj02 or bd09: the system of lon and lat, in degrees")
            }
            return crs
        } ?? .wgs84
        var options = SourceFileReader.Options()
        options.expectedExtent = try store.areaExtent()
        let reader = SourceFileReader(file: "request", options: options)
        let given = Coordinate(lon, lat)
        if let problem = reader.rangeProblem(given) {
            throw ParameterError("lon", "\(lon),\(lat)", problem.replacingOccurrences(of: "pass --crs", with: "send crs"))
        }
        return crs.toWGS84(given)
    }

    /// Everything the request asks, as checked: the same key with another source is refused.
    private static func fingerprintParts(_ record: SourceRecord, _ request: Request) -> [String?] {
        [
            record.sourceID, record.name, "\(record.location.x)", "\(record.location.y)", record.status.rawValue, request.date,
            record.deadline, record.uscc, record.industry, record.category, record.declaredAreaCode, request.officer, request.note,
        ]
    }
}
