import Foundation
import GeoKit
import Hummingbird
import PermitWatch
import Store

/// Writes from the field, each an event in a source's history with its author (the token's
/// name): `POST /sources/{id}/inspections`. An editor's token; `Idempotency-Key` makes a retry
/// record nothing new and get the first answer again (`Idempotent-Replayed: true`).
struct FieldWritesController: Sendable {
    let dependencies: ServerDependencies

    func addRoutes(to group: RouterGroup<PermitWatchRequestContext>) {
        group.group().add(middleware: AccessProblem.requiring(.editor)).post(":sourceId/inspections", use: inspection)
    }

    struct InspectionBody: Decodable {
        var date: String?
        var result: String?
        var officer: String?
        var note: String?
    }

    static let idempotencyKey = HTTPFields.Element.Name("Idempotency-Key")!
    static let replayed = HTTPFields.Element.Name("Idempotent-Replayed")!

    @Sendable func inspection(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        guard let writer = dependencies.writer else {
            throw Problem(status: .serviceUnavailable, title: "Read-only", detail: "the server cannot write its database, so it records nothing")
        }
        let identity = try context.requireIdentity()
        let sourceID = try context.parameters.require("sourceId")
        let body = try await request.decodeJSONBody(
            InspectionBody.self, limit: dependencies.configuration.maximumBodySize, timeout: dependencies.configuration.bodyTimeout, expected: "a JSON object {\"date\", \"result\", \"officer\", \"note\"}")
        let inspection = InspectionRecording.Request(sourceID: sourceID, date: body.date, result: body.result, officer: body.officer, note: body.note)
        let key = request.headers[Self.idempotencyKey]
        let outcome = try await dependencies.workers.run(.read) {
            try InspectionRecording(store: writer).record(inspection, author: identity.name, idempotencyKey: key) { recorded in
                StoredReply(status: 201, contentType: "application/json", body: Self.reply(recorded))
            }
        }
        switch outcome {
        case .recorded(let reply):
            return Self.response(reply, replayed: false, sourceID: sourceID)
        case .replayed(let reply):
            return Self.response(reply, replayed: true, sourceID: sourceID)
        case .keyReused:
            throw Problem(
                status: .unprocessableContent, title: "Idempotency-Key reused",
                detail: "this Idempotency-Key was used for another request; send a new key for a new inspection", parameter: "Idempotency-Key")
        }
    }

    static func reply(_ recorded: InspectionRecording.Recorded) -> [UInt8] {
        var fields: [(String, JSONValue)] = [
            ("source_id", .string(recorded.sourceID)), ("kind", "inspected"), ("date", .string(recorded.date)),
            ("result", .string(recorded.result)),
        ]
        if let officer = recorded.officer { fields.append(("officer", .string(officer))) }
        if let note = recorded.note { fields.append(("note", .string(note))) }
        fields += [
            ("author", .string(recorded.author)), ("recorded_at", .string(recorded.recordedAt)), ("ingest_id", .number(Double(recorded.ingestID))),
            ("history", .string("/queries/source-history?source_id=\(recorded.sourceID)")),
        ]
        var writer = GeoJSONWriter()
        writer.writeJSON(.object(JSONObject(fields)))
        return Array(writer.text.utf8)
    }

    static func response(_ reply: StoredReply, replayed: Bool, sourceID: String) -> Response {
        var headers: HTTPFields = [.location: "/queries/source-history?source_id=\(sourceID)"]
        if replayed { headers[Self.replayed] = "true" }
        return Responses.bytes(reply.body, contentType: reply.contentType, status: HTTPResponse.Status(code: reply.status), headers: headers)
    }
}
