import Foundation
import GeoKit
import Hummingbird
import HummingbirdTesting
import PermitWatch
import PermitWatchServer
import SpatiaLiteStore
import Testing

/// `POST /sources/{id}/inspections`: an editor's write, recorded once per Idempotency-Key,
/// checked as the CLI checks, visible to the next read with its author.
@Suite("Field writes over HTTP")
struct FieldWritesRouterTests {
    static func withWritableServer(_ body: @escaping @Sendable (any TestClientProtocol, String) async throws -> Void) async throws {
        let path = try SharedProvinceCopy.make("field-writes")
        defer { SharedProvinceCopy.remove(path) }
        let dependencies = ServerDependencies(
            store: try SpatialDatabase(path: path, readOnly: true), catalog: try QueryCatalog(), configuration: ServerFixture.configuration(),
            writer: try SpatialDatabase(path: path))
        let app = buildApplication(dependencies, logger: quietLogger)
        let source = try #require(try ServerFixture.load().sources.first?.sourceID)
        try await app.test(.router) { client in try await body(client, source) }
    }

    static func history(_ client: any TestClientProtocol, _ source: String) async throws -> [JSONValue] {
        let response = try await client.execute(uri: "/queries/source-history?source_id=\(source)&f=json", method: .get)
        #expect(response.status == .ok)
        return try response.json().arrayValue ?? []
    }

    static func headers(_ token: String, key: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        if let key { fields[HTTPFields.Element.Name("Idempotency-Key")!] = key }
        return fields
    }

    static let body = #"{"date": "2020-10-05", "result": "discharging without a permit", "officer": "Li Wei", "note": "pipe to the river"}"#

    @Test func anEditorRecordsAnInspectionOnceWithItsAuthor() async throws {
        let editor = try ServerFixture.token(.editor), reader = try ServerFixture.token(.reader)
        try await Self.withWritableServer { client, source in
            let uri = "/sources/\(source)/inspections"
            let before = try await Self.history(client, source)
            // Closed to anyone without an editor's token.
            #expect(try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: Self.body)).status == .unauthorized)
            #expect(try await client.execute(uri: uri, method: .post, headers: Self.headers(reader), body: ByteBuffer(string: Self.body)).status == .forbidden)

            let key = UUID().uuidString
            let first = try await client.execute(uri: uri, method: .post, headers: Self.headers(editor, key: key), body: ByteBuffer(string: Self.body))
            #expect(first.status == .created, "\(first.text)")
            let reply = try first.json()
            #expect(reply["author"]?.stringValue == "test editor" && reply["result"]?.stringValue == "discharging without a permit")
            #expect(reply["date"]?.stringValue == "2020-10-05" && reply["officer"]?.stringValue == "Li Wei")
            #expect(first.headers[.location] == "/queries/source-history?source_id=\(source)")

            // Visible to the next read, with who recorded it and what it says.
            let after = try await Self.history(client, source)
            #expect(after.count == before.count + 1)
            let recorded = try #require(after.first { $0["kind"]?.stringValue == "inspected" && $0["author"]?.stringValue == "test editor" })
            #expect(recorded["date"]?.stringValue == "2020-10-05" && recorded["ingest_kind"]?.stringValue == "field")
            #expect(recorded["details"]?["officer"]?.stringValue == "Li Wei" || recorded["details"]?.stringValue?.contains("Li Wei") == true)

            // A retry: the same answer, nothing recorded again.
            let retry = try await client.execute(uri: uri, method: .post, headers: Self.headers(editor, key: key), body: ByteBuffer(string: Self.body))
            #expect(retry.status == .created && retry.body == first.body)
            #expect(retry.headers[HTTPFields.Element.Name("Idempotent-Replayed")!] == "true")
            #expect(try await Self.history(client, source).count == before.count + 1)
            // The same key for another request is refused.
            let other = #"{"date": "2020-10-06", "result": "closed"}"#
            let reused = try await client.execute(uri: uri, method: .post, headers: Self.headers(editor, key: key), body: ByteBuffer(string: other))
            #expect(reused.status == .unprocessableContent && reused.headers[.contentType] == "application/problem+json")
            // Without a key, each request is a new inspection.
            for _ in 0..<2 {
                #expect(try await client.execute(uri: uri, method: .post, headers: Self.headers(editor), body: ByteBuffer(string: other)).status == .created)
            }
            #expect(try await Self.history(client, source).count == before.count + 3)
        }
    }

    @Test func badInspectionsAreRefusedNamingTheFieldAndRecordNothing() async throws {
        let editor = try ServerFixture.token(.editor)
        try await Self.withWritableServer { client, source in
            let before = try await Self.history(client, source)
            let cases: [(String, String, HTTPResponse.Status, String)] = [
                (source, #"{"date": "2020-13-01", "result": "ok"}"#, .badRequest, "date"),
                (source, #"{"date": "2999-01-01", "result": "ok"}"#, .badRequest, "date"),
                (source, #"{"result": "ok"}"#, .badRequest, "date"),
                (source, #"{"date": "2020-10-05", "result": "  "}"#, .badRequest, "result"),
                (source, #"{"date": "2020-10-05", "result": "ok", "note": "\#(String(repeating: "n", count: 2001))"}"#, .badRequest, "note"),
                (source, #"{"date": 20201005, "result": "ok"}"#, .badRequest, "body"),
                (source, #"not json"#, .badRequest, "body"),
                ("NO-SUCH-SOURCE", #"{"date": "2020-10-05", "result": "ok"}"#, .notFound, "id"),
            ]
            for (id, body, status, parameter) in cases {
                let response = try await client.execute(uri: "/sources/\(id)/inspections", method: .post, headers: Self.headers(editor), body: ByteBuffer(string: body))
                #expect(response.status == status, "\(body): \(response.text)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(try response.json()["parameter"]?.stringValue == parameter, "\(body): \(response.text)")
            }
            let badKey = try await client.execute(
                uri: "/sources/\(source)/inspections", method: .post, headers: Self.headers(editor, key: "has space"),
                body: ByteBuffer(string: #"{"date": "2020-10-05", "result": "ok"}"#))
            let badKeyParameter = try badKey.json()["parameter"]?.stringValue
            #expect(badKey.status == .badRequest && badKeyParameter == "Idempotency-Key")
            #expect(try await Self.history(client, source).count == before.count)
        }
    }
}
