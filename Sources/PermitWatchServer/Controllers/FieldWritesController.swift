import Foundation
import GeoKit
import Hummingbird
import PermitWatch
import Store

/// Writes from the field, each an event in a source's history with its author (the token's
/// name): `POST /sources` (a source found), `PATCH /sources/{id}` (a status change) and
/// `POST /sources/{id}/inspections`. An editor's token; `Idempotency-Key` makes a retry record
/// nothing new and get the first answer again (`Idempotent-Replayed: true`).
///
/// They run on the server's one writing thread (`WorkerPool.Work.write`); the next read sees
/// them, since every write moves the data's generation on, which the page cache and the source
/// index follow.
struct FieldWritesController: Sendable {
    let dependencies: ServerDependencies

    func addRoutes(to group: RouterGroup<PermitWatchRequestContext>) {
        let editors = group.group().add(middleware: AccessProblem.requiring(.editor))
        editors.post(use: newSource)
        editors.patch(":sourceId", use: statusChange)
        editors.post(":sourceId/inspections", use: inspection)
    }

    struct InspectionBody: Decodable {
        var date: String?
        var result: String?
        var officer: String?
        var note: String?
        static let fields = ["date", "result", "officer", "note"]
    }

    struct NewSourceBody: Decodable {
        var source_id: String?
        var name: String?
        var lon: Double?
        var lat: Double?
        var crs: String?
        var status: String?
        var date: String?
        var deadline: String?
        var uscc: String?
        var industry: String?
        var category: String?
        var declared_area: String?
        var officer: String?
        var note: String?
        static let fields = [
            "source_id", "name", "lon", "lat", "crs", "status", "date", "deadline", "uscc", "industry", "category", "declared_area", "officer", "note",
        ]
    }

    struct StatusChangeBody: Decodable {
        var status: String?
        var effective_date: String?
        var deadline: String?
        var officer: String?
        var note: String?
        static let fields = ["status", "effective_date", "deadline", "officer", "note"]
    }

    static let idempotencyKey = HTTPFields.Element.Name("Idempotency-Key")!
    static let replayed = HTTPFields.Element.Name("Idempotent-Replayed")!

    @Sendable func inspection(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let writer = try dependencies.requireWriter()
        let identity = try context.requireIdentity()
        let sourceID = try context.parameters.require("sourceId")
        let body = try await request.decodeJSONObject(
            InspectionBody.self, fields: InspectionBody.fields, limit: dependencies.configuration.maximumBodySize,
            timeout: dependencies.configuration.bodyTimeout)
        let inspection = InspectionRecording.Request(sourceID: sourceID, date: body.date, result: body.result, officer: body.officer, note: body.note)
        let key = request.headers[Self.idempotencyKey]
        let outcome = try await dependencies.workers.run(.write) {
            try InspectionRecording(store: writer).record(inspection, author: identity.name, idempotencyKey: key) { recorded in
                StoredReply(status: 201, contentType: "application/json", body: Self.inspectionReply(recorded))
            }
        }
        return try Self.response(outcome, location: "/queries/source-history?source_id=\(sourceID)", what: "inspection")
    }

    @Sendable func newSource(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let writer = try dependencies.requireWriter()
        let identity = try context.requireIdentity()
        let b = try await request.decodeJSONObject(NewSourceBody.self, fields: NewSourceBody.fields, limit: dependencies.configuration.maximumBodySize,
            timeout: dependencies.configuration.bodyTimeout)
        let found = NewSourceRecording.Request(
            sourceID: b.source_id, name: b.name, lon: b.lon, lat: b.lat, crs: b.crs, status: b.status, date: b.date, deadline: b.deadline,
            uscc: b.uscc, industry: b.industry, category: b.category, declaredArea: b.declared_area, officer: b.officer, note: b.note)
        let key = request.headers[Self.idempotencyKey]
        let assigners = dependencies.assigners
        let outcome = try await dependencies.workers.run(.write) {
            try NewSourceRecording(store: writer, assigners: assigners).record(found, author: identity.name, idempotencyKey: key) { recorded in
                StoredReply(status: 201, contentType: "application/json", body: Self.newSourceReply(recorded))
            }
        }
        var location = ""
        switch outcome {
        case .recorded(let reply), .replayed(let reply):
            if let id = Self.sourceID(in: reply) { location = "/collections/sources/items/\(id)" }
        case .keyReused:
            break
        }
        return try Self.response(outcome, location: location, what: "source")
    }

    @Sendable func statusChange(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let writer = try dependencies.requireWriter()
        let identity = try context.requireIdentity()
        let sourceID = try context.parameters.require("sourceId")
        let b = try await request.decodeJSONObject(StatusChangeBody.self, fields: StatusChangeBody.fields, limit: dependencies.configuration.maximumBodySize,
            timeout: dependencies.configuration.bodyTimeout)
        let change = StatusChangeRecording.Request(
            sourceID: sourceID, status: b.status, effectiveDate: b.effective_date, deadline: b.deadline, officer: b.officer, note: b.note)
        let key = request.headers[Self.idempotencyKey]
        let outcome = try await dependencies.workers.run(.write) {
            try StatusChangeRecording(store: writer).record(change, author: identity.name, idempotencyKey: key) { recorded in
                StoredReply(status: 200, contentType: "application/json", body: Self.statusChangeReply(recorded))
            }
        }
        return try Self.response(outcome, location: "/collections/sources/items/\(sourceID)", what: "status change")
    }

    static func inspectionReply(_ recorded: InspectionRecording.Recorded) -> [UInt8] {
        var fields: [(String, JSONValue)] = [
            ("source_id", .string(recorded.sourceID)), ("kind", "inspected"), ("date", .string(recorded.date)),
            ("result", .string(recorded.result)),
        ]
        if let officer = recorded.officer { fields.append(("officer", .string(officer))) }
        if let note = recorded.note { fields.append(("note", .string(note))) }
        fields += Self.provenance(author: recorded.author, recordedAt: recorded.recordedAt, ingestID: recorded.ingestID, sourceID: recorded.sourceID)
        return encode(fields)
    }

    static func newSourceReply(_ recorded: NewSourceRecording.Recorded) -> [UInt8] {
        let r = recorded.record, a = r.assignment
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        var fields: [(String, JSONValue)] = [
            ("source_id", .string(recorded.sourceID)), ("kind", r.status == .unlicensed ? "discovered" : "listed"), ("name", .string(r.name)),
            ("status", .string(r.status.rawValue)), ("date", text(r.statusDate)), ("deadline", text(r.deadline)),
            ("lon", .number(r.location.x)), ("lat", .number(r.location.y)),
            ("placement", .string(a.placement.rawValue)), ("snap_distance_m", a.snapDistance.map { .number($0) } ?? .null),
            ("prefecture_code", text(a.prefectureCode)), ("county_code", text(a.countyCode)), ("town_code", text(a.townCode)),
            ("grid_code", text(a.gridCode)),
            ("warnings", .array(recorded.warnings.map { .string($0) })),
            ("feature", .string("/collections/sources/items/\(recorded.sourceID)")),
        ]
        if let mismatch = a.locationMismatch { fields.append(("location_mismatch", .bool(mismatch))) }
        fields += Self.provenance(author: recorded.author, recordedAt: recorded.recordedAt, ingestID: recorded.ingestID, sourceID: recorded.sourceID)
        return encode(fields)
    }

    static func statusChangeReply(_ recorded: StatusChangeRecording.Recorded) -> [UInt8] {
        var fields: [(String, JSONValue)] = [
            ("source_id", .string(recorded.sourceID)), ("kind", .string(StatusChangeRecording.eventKind(for: recorded.status).rawValue)),
            ("status", .string(recorded.status.rawValue)), ("previous_status", recorded.previousStatus.map { .string($0) } ?? .null),
            ("effective_date", .string(recorded.effectiveDate)), ("deadline", recorded.deadline.map { .string($0) } ?? .null),
        ]
        fields += Self.provenance(author: recorded.author, recordedAt: recorded.recordedAt, ingestID: recorded.ingestID, sourceID: recorded.sourceID)
        return encode(fields)
    }

    private static func provenance(author: String, recordedAt: String, ingestID: Int64, sourceID: String) -> [(String, JSONValue)] {
        [
            ("author", .string(author)), ("recorded_at", .string(recordedAt)), ("ingest_id", .number(Double(ingestID))),
            ("history", .string("/queries/source-history?source_id=\(sourceID)")),
        ]
    }

    private static func encode(_ fields: [(String, JSONValue)]) -> [UInt8] {
        var writer = GeoJSONWriter()
        writer.writeJSON(.object(JSONObject(fields)))
        return Array(writer.text.utf8)
    }

    /// The `source_id` of a stored reply (a new source's, which the store may have named).
    private static func sourceID(in reply: StoredReply) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any] else { return nil }
        return object["source_id"] as? String
    }

    /// The reply, again for a retry; a key reused for another request is refused.
    static func response(_ outcome: FieldRecording, location: String, what: String) throws -> Response {
        switch outcome {
        case .recorded(let reply):
            return Self.response(reply, replayed: false, location: location)
        case .replayed(let reply):
            return Self.response(reply, replayed: true, location: location)
        case .keyReused:
            throw Problem(
                status: .unprocessableContent, title: "Idempotency-Key reused",
                detail: "this Idempotency-Key was used for another request; send a new key for a new \(what)", parameter: "Idempotency-Key")
        }
    }

    static func response(_ reply: StoredReply, replayed: Bool, location: String) -> Response {
        var headers: HTTPFields = [:]
        if !location.isEmpty { headers[.location] = location }
        if replayed { headers[Self.replayed] = "true" }
        return Responses.bytes(reply.body, contentType: reply.contentType, status: HTTPResponse.Status(code: reply.status), headers: headers)
    }
}

extension ServerDependencies {
    /// The writable store, or 503 when the server cannot write its database.
    func requireWriter() throws -> any EnforcementStore {
        guard let writer else {
            throw Problem(status: .serviceUnavailable, title: "Read-only", detail: "the server cannot write its database, so it records nothing")
        }
        return writer
    }
}
