import GeoKit
import PermitWatch

extension OpenAPIDocument {
    /// Writes from the field (an editor's) and the snapshot upload (an admin's).
    static func fieldWritePaths() -> [(String, JSONValue)] {
        let replayNote = " A retry with the same Idempotency-Key records nothing new and gets the first answer (Idempotent-Replayed: true)."
        return [
            ("/sources", .object(["post": write(
                "Add a source found in the field: placed in its prefecture, county, town and grid at once, with a `discovered` event (or `listed`, for another status) carrying its author. Checked as `permitwatch ingest sources` checks a row; status unlicensed unless given." + replayNote,
                role: .editor, success: "201",
                body: jsonBody(required: ["name", "lon", "lat"], [
                    ("source_id", text("The register's id; FIELD-<prefecture>-N when absent", max: 100)),
                    ("name", text("The source's name", max: 200, min: 1)),
                    ("lon", number("Longitude in degrees, in the system `crs` names")),
                    ("lat", number("Latitude in degrees")),
                    ("crs", choice("The system of lon and lat (default wgs84)", ["wgs84", "cgcs2000", "gcj02", "bd09"])),
                    ("status", text("English or Chinese (unlicensed by default)", max: 40)),
                    ("date", date("The day it was found, not after today (default today)")),
                    ("deadline", date("For status rectifying only")),
                    ("uscc", text("Unified social credit code (a wrong check character is kept with a warning)", max: 40)),
                    ("industry", text("Industry", max: 100)),
                    ("category", text("key/重点管理, simplified/简化管理 or registration/登记管理", max: 40)),
                    ("declared_area", text("The area code the source declares (行政区划代码), checked against its placement", max: 40)),
                    ("officer", text("Who found it", max: 100)),
                    ("note", text("What was seen", max: 2000)),
                ]),
                extra: [("409", problem)])])),
            ("/sources/{sourceId}", .object(["patch": write(
                "Change a source's status from its effective date (a notice for rectifying, with its deadline): the register and an event in its history with its author. A date before the source's latest status change, or a source a snapshot removed, is refused (409)." + replayNote,
                role: .editor, success: "200", pathParameter: "sourceId",
                body: jsonBody(required: ["status", "effective_date"], [
                    ("status", text("permitted, registered, rectifying, special or unlicensed, in English or Chinese as `ingest sources` reads them", max: 40)),
                    ("effective_date", date("The day the status takes effect, not after today")),
                    ("deadline", date("Required for rectifying; only for it")),
                    ("officer", text("Who decided it", max: 100)),
                    ("note", text("Why", max: 2000)),
                ]),
                extra: [("404", problem), ("409", problem)])])),
            ("/sources/{sourceId}/inspections", .object(["post": write(
                "Record an inspection of a source: an `inspected` event in its history with its result, officer and note, its author (the token's name) and time." + replayNote,
                role: .editor, success: "201", pathParameter: "sourceId",
                body: jsonBody(required: ["date", "result"], [
                    ("date", date("The day of the inspection, not after today")),
                    ("result", text("What the inspection found", max: 200, min: 1)),
                    ("officer", text("The inspecting officer", max: 100)),
                    ("note", text("Anything else", max: 2000)),
                ]),
                extra: [("404", problem)])])),
            ("/ingest/sources", .object(["post": write(
                "Upload the week's snapshot as CSV (UTF-8 or GBK), loaded as `permitwatch ingest sources FILE --as-of DATE` loads it: the same checks and messages, one transaction (a rejected file changes nothing), every difference an event of that date, logged with its author. The body is streamed to disk. Query parameters are the command's flags in snake case." + replayNote,
                role: .admin, success: "200",
                parameters: uploadParameters(),
                body: .object(JSONObject([
                    ("required", true),
                    ("content", .object(["text/csv": .object(["schema": .object(JSONObject([("type", "string"), ("format", "binary")]))])])),
                ])),
                extra: [])])),
        ]
    }

    private static var problem: JSONValue { .object(["$ref": "#/components/responses/Problem"]) }

    /// A write operation: the token it needs, its Idempotency-Key, its body and its answers.
    private static func write(
        _ summary: String, role: AccessIdentity.Role, success: String, pathParameter: String? = nil, parameters: [JSONValue] = [],
        body: JSONValue, extra: [(String, JSONValue)]
    ) -> JSONValue {
        var all = parameters
        if let pathParameter {
            all.insert(.object(JSONObject([("name", .string(pathParameter)), ("in", "path"), ("required", true), ("schema", .object(["type": "string"]))])), at: 0)
        }
        all.append(.object(JSONObject([
            ("name", "Idempotency-Key"), ("in", "header"), ("required", false),
            ("description", "1 to 200 printable ASCII characters (a UUID): the same key and request are recorded once"),
            ("schema", .object(JSONObject([("type", "string"), ("minLength", 1), ("maxLength", 200)]))),
        ])))
        let responses: [(String, JSONValue)] = [
            (success, .object(JSONObject([
                ("description", "Recorded (or, with Idempotent-Replayed: true, recorded before)"),
                ("content", .object(["application/json": .object(["schema": .object(["type": "object"])])])),
            ]))),
            ("400", problem),
        ] + accessResponses(role: role) + extra + [("413", problem), ("422", problem), ("500", problem), ("503", problem)]
        return .object(JSONObject([
            ("summary", .string(summary)), ("tags", ["Field"]), ("security", [.object(["bearerAuth": []])]), ("parameters", .array(all)),
            ("requestBody", body), ("responses", .object(JSONObject(responses))),
        ]))
    }

    private static func jsonBody(required: [String], _ properties: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject([
            ("required", true),
            ("content", .object(["application/json": .object(["schema": .object(JSONObject([
                ("type", "object"), ("required", .array(required.map { .string($0) })), ("additionalProperties", false),
                ("properties", .object(JSONObject(properties))),
            ]))])])),
        ]))
    }

    private static func text(_ description: String, max: Int, min: Int? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = [("type", "string"), ("description", .string(description)), ("maxLength", .number(Double(max)))]
        if let min { fields.append(("minLength", .number(Double(min)))) }
        return .object(JSONObject(fields))
    }

    private static func number(_ description: String) -> JSONValue {
        .object(JSONObject([("type", "number"), ("description", .string(description))]))
    }

    private static func date(_ description: String) -> JSONValue {
        .object(JSONObject([("type", "string"), ("format", "date"), ("description", .string(description))]))
    }

    private static func choice(_ description: String, _ values: [String]) -> JSONValue {
        .object(JSONObject([("type", "string"), ("description", .string(description)), ("enum", .array(values.map { .string($0) }))]))
    }

    /// The upload's query parameters: `as_of` and the flags of `ingest sources`.
    private static func uploadParameters() -> [JSONValue] {
        SnapshotUpload.parameters.map { name in
            let schema: JSONValue = switch name {
            case "as_of": .object(JSONObject([("type", "string"), ("format", "date")]))
            case "on_error": .object(JSONObject([("type", "string"), ("enum", ["reject", "skip"])]))
            case "keep_columns": .object(JSONObject([("type", "string"), ("enum", ["all", "none"])]))
            case "max_errors": .object(JSONObject([("type", "integer"), ("minimum", 0)]))
            default: .object(["type": "string"])
            }
            return .object(JSONObject([
                ("name", .string(name)), ("in", "query"), ("required", .bool(name == "as_of")),
                ("description", .string(name == "as_of" ? "The snapshot's date: sources it no longer lists are marked removed on it" : "As --\(name.replacingOccurrences(of: "_", with: "-")) of permitwatch ingest sources")),
                ("schema", schema),
            ]))
        }
    }
}
