import Foundation
import GeoKit
import Hummingbird
import HummingbirdTesting
import PermitWatch
import PermitWatchServer
@testable import SpatiaLiteStore
import Store
import Testing

/// `POST /sources`, `PATCH /sources/{id}` and `POST /ingest/sources`: each visible to the next
/// read (the feature, the bbox page's count, the status filter), once per Idempotency-Key,
/// refused naming the field, and leaving a register `permitwatch check` passes.
@Suite("Source writes over HTTP")
struct SourceWritesRouterTests {
    static func withWritableServer(
        _ name: String, _ body: @escaping @Sendable (any TestClientProtocol, SpatialDatabase) async throws -> Void
    ) async throws {
        let path = try SharedProvinceCopy.make(name)
        defer { SharedProvinceCopy.remove(path) }
        let writer = try SpatialDatabase(path: path)
        let dependencies = ServerDependencies(
            store: try SpatialDatabase(path: path, readOnly: true), catalog: try QueryCatalog(), configuration: ServerFixture.configuration(),
            writer: writer)
        let app = buildApplication(dependencies, logger: quietLogger)
        try await app.test(.router) { client in try await body(client, writer) }
    }

    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String, key: String? = nil, body: String
    ) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: FieldWritesRouterTests.headers(token, key: key), body: ByteBuffer(string: body))
    }

    static func matched(_ client: any TestClientProtocol, _ query: String) async throws -> Int {
        let response = try await client.execute(uri: "/collections/sources/items?limit=1&\(query)", method: .get)
        #expect(response.status == .ok, "\(response.text)")
        return try #require(try response.json()["numberMatched"]?.intValue)
    }

    @Test func aSourceFoundInTheFieldIsPlacedAndVisibleAtOnce() async throws {
        let editor = try ServerFixture.token(.editor), reader = try ServerFixture.token(.reader)
        let near = try #require(try ServerFixture.load().sources.first { $0.assignment.placement == .inside && $0.assignment.gridCode != nil })
        let (lon, lat) = (near.location.x + 0.00001, near.location.y + 0.00001)
        let box = "bbox=\(lon - 0.001),\(lat - 0.001),\(lon + 0.001),\(lat + 0.001)"
        try await Self.withWritableServer("new-source") { client, writer in
            let unlicensedBefore = try await Self.matched(client, "status=unlicensed")
            let inBoxBefore = try await Self.matched(client, box)
            let body = #"{"name": "河边无名电镀作坊", "lon": \#(lon), "lat": \#(lat), "officer": "Li Wei", "note": "found by the river"}"#
            #expect(try await Self.send(client, .post, "/sources", token: reader, body: body).status == .forbidden)
            let key = UUID().uuidString
            let created = try await Self.send(client, .post, "/sources", token: editor, key: key, body: body)
            #expect(created.status == .created, "\(created.text)")
            let reply = try created.json()
            let id = try #require(reply["source_id"]?.stringValue)
            #expect(id.hasPrefix("FIELD-") && reply["status"]?.stringValue == "unlicensed" && reply["kind"]?.stringValue == "discovered")
            // Placed as the assignment places the source beside it.
            #expect(reply["placement"]?.stringValue == "inside")
            #expect(reply["town_code"]?.stringValue == near.assignment.townCode && reply["grid_code"]?.stringValue == near.assignment.gridCode)
            #expect(reply["author"]?.stringValue == "test editor")
            #expect(created.headers[.location] == "/collections/sources/items/\(id)")

            // The next reads see it: the feature, the box's count, the status filter's.
            let feature = try await client.execute(uri: "/collections/sources/items/\(id)", method: .get)
            #expect(feature.status == .ok, "\(feature.text)")
            #expect(try feature.json()["properties"]?["town_code"]?.stringValue == near.assignment.townCode)
            #expect(try await Self.matched(client, box) == inBoxBefore + 1)
            #expect(try await Self.matched(client, "status=unlicensed") == unlicensedBefore + 1)
            let history = try await FieldWritesRouterTests.history(client, id)
            #expect(history.count == 1 && history.first?["kind"]?.stringValue == "discovered" && history.first?["author"]?.stringValue == "test editor")

            // A retry: the same answer, no second source.
            let retry = try await Self.send(client, .post, "/sources", token: editor, key: key, body: body)
            #expect(retry.status == .created && retry.body == created.body)
            #expect(retry.headers[HTTPFields.Element.Name("Idempotent-Replayed")!] == "true")
            #expect(try await Self.matched(client, "status=unlicensed") == unlicensedBefore + 1)
            // The same id again is a conflict.
            let again = try await Self.send(client, .post, "/sources", token: editor, body: #"{"source_id": "\#(id)", "name": "x", "lon": \#(lon), "lat": \#(lat)}"#)
            let againParameter = try again.json()["parameter"]?.stringValue
            #expect(again.status == .conflict && againParameter == "source_id")
            #expect(try writer.verify().allSatisfy(\.passed))
        }
    }

    @Test func aNewSourceIsCheckedAsTheIngestChecksARow() async throws {
        let editor = try ServerFixture.token(.editor)
        try await Self.withWritableServer("new-source-bad") { client, writer in
            let before = try writer.sourceCount()
            let cases: [(String, String)] = [
                (#"{"lon": 113.3, "lat": 23.1}"#, "name"),
                (#"{"name": "a", "lat": 23.1}"#, "lon"),
                (#"{"name": "a", "lon": 12612345.0, "lat": 2641234.0}"#, "lon"),
                (#"{"name": "a", "lon": 23.1, "lat": 113.3}"#, "lon"),
                (#"{"name": "a", "lon": 113.3, "lat": 23.1, "status": "licensed-ish"}"#, "status"),
                (#"{"name": "a", "lon": 113.3, "lat": 23.1, "crs": "epsg:3857"}"#, "crs"),
                (#"{"name": "a", "lon": 113.3, "lat": 23.1, "date": "2999-01-01"}"#, "date"),
                (#"{"name": "a", "lon": 113.3, "lat": 23.1, "deadline": "2020-12-01"}"#, "deadline"),
                (#"{"name": "a", "lon": 113.3, "lat": 23.1, "category": "big"}"#, "category"),
                (#"{"name": "a", "lon": 113.3, "lat": 23.1, "stauts": "unlicensed"}"#, "stauts"),
                (#"{"name": "a", "lon": "113.3", "lat": 23.1}"#, "body"),
            ]
            for (body, field) in cases {
                let response = try await Self.send(client, .post, "/sources", token: editor, body: body)
                #expect(response.status == .badRequest, "\(body): \(response.text)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(try response.json()["parameter"]?.stringValue == field, "\(body): \(response.text)")
            }
            let metres = try await Self.send(client, .post, "/sources", token: editor, body: #"{"name": "a", "lon": 12612345.0, "lat": 2641234.0}"#)
            #expect(try metres.json()["detail"]?.stringValue?.contains("look like metres") == true, "\(metres.text)")
            #expect(try writer.sourceCount() == before)
        }
    }

    /// Pages made from the features the store kept (`--feature-cache-mb`) are the pages a
    /// server keeping none reads and encodes afresh, byte for byte, before and after a write.
    @Test func pagesOfKeptFeaturesAreThePagesReadAfresh() async throws {
        let editor = try ServerFixture.token(.editor)
        let source = try #require(try ServerFixture.load().sources.first { $0.status == .unlicensed && $0.removedOn == nil })
        let (lon, lat) = (source.location.x, source.location.y)
        let boxes = [0.01, 0.05, 0.3].map { size in "bbox=\(lon - size),\(lat - size),\(lon + size),\(lat + size)" }
        let path = try SharedProvinceCopy.make("kept-features")
        defer { SharedProvinceCopy.remove(path) }
        let configuration = ServerFixture.configuration(pageCacheBytes: 0)
        let keeping = try SpatialDatabase(path: path, readOnly: true)
        try keeping.prepareForServing(keepingEncodedFeatures: 64 << 20)
        let kept = buildApplication(
            ServerDependencies(store: keeping, catalog: try QueryCatalog(), configuration: configuration, writer: try SpatialDatabase(path: path)),
            logger: quietLogger)
        let afresh = buildApplication(
            ServerDependencies(store: try SpatialDatabase(path: path, readOnly: true), catalog: try QueryCatalog(), configuration: configuration),
            logger: quietLogger)
        /// The page without its time stamp, the one part that differs by the second.
        @Sendable func page(_ client: any TestClientProtocol, _ query: String) async throws -> String {
            let response = try await client.execute(uri: "/collections/sources/items?limit=1000&\(query)", method: .get)
            #expect(response.status == .ok, "\(response.text)")
            return response.text.replacingOccurrences(of: #""timeStamp":"[^"]*""#, with: "", options: .regularExpression)
        }
        try await kept.test(.router) { keptClient in
            try await afresh.test(.router) { afreshClient in
                for round in 0..<2 {
                    for box in boxes {
                        let fromKept = try await page(keptClient, box)
                        #expect(fromKept == (try await page(afreshClient, box)), "round \(round), \(box)")
                    }
                }
                #expect(keeping.encodedFeatureCache.usage.features > 0)
                let changed = try await Self.send(
                    keptClient, .patch, "/sources/\(source.sourceID)", token: editor, body: #"{"status": "permitted", "effective_date": "2020-12-31"}"#)
                #expect(changed.status == .ok, "\(changed.text)")
                for box in boxes {
                    let fromKept = try await page(keptClient, box)
                    #expect(fromKept == (try await page(afreshClient, box)), "after the change, \(box)")
                    #expect(fromKept.contains(#""source_id":"\#(source.sourceID)","#))
                }
                let feature = try await keptClient.execute(uri: "/collections/sources/items?limit=1&source_id=\(source.sourceID)", method: .get)
                #expect(try feature.json()["features"]?.arrayValue?.first?["properties"]?["status"]?.stringValue == "permitted")
            }
        }
    }

    @Test func aStatusChangeIsTheRegistersAndTheHistorysAtOnce() async throws {
        let editor = try ServerFixture.token(.editor)
        let source = try #require(try ServerFixture.load().sources.first { $0.status == .unlicensed })
        try await Self.withWritableServer("status-change") { client, writer in
            let rectifyingBefore = try await Self.matched(client, "status=rectifying")
            let uri = "/sources/\(source.sourceID)"
            let body = #"{"status": "整改", "effective_date": "2020-11-02", "deadline": "2020-12-31", "note": "notice 17"}"#
            let key = UUID().uuidString
            let changed = try await Self.send(client, .patch, uri, token: editor, key: key, body: body)
            #expect(changed.status == .ok, "\(changed.text)")
            let reply = try changed.json()
            #expect(reply["status"]?.stringValue == "rectifying" && reply["previous_status"]?.stringValue == "unlicensed")
            #expect(reply["kind"]?.stringValue == "notice_issued" && reply["deadline"]?.stringValue == "2020-12-31")
            #expect(try await Self.matched(client, "status=rectifying") == rectifyingBefore + 1)
            let feature = try await client.execute(uri: "/collections/sources/items/\(source.sourceID)", method: .get)
            let properties = try feature.json()["properties"]
            #expect(properties?["status"]?.stringValue == "rectifying" && properties?["deadline"]?.stringValue == "2020-12-31")
            // A retry records nothing new.
            let retry = try await Self.send(client, .patch, uri, token: editor, key: key, body: body)
            #expect(retry.status == .ok && retry.body == changed.body)
            #expect(try await Self.matched(client, "status=rectifying") == rectifyingBefore + 1)

            let refusals: [(String, HTTPResponse.Status, String)] = [
                (#"{"status": "rectifying", "effective_date": "2020-11-03"}"#, .badRequest, "deadline"),
                (#"{"status": "permitted", "effective_date": "2020-11-03", "deadline": "2020-12-01"}"#, .badRequest, "deadline"),
                (#"{"status": "permitted"}"#, .badRequest, "effective_date"),
                (#"{"status": "closed-ish", "effective_date": "2020-11-03"}"#, .badRequest, "status"),
                // Before the change just made: the replay would not give it.
                (#"{"status": "permitted", "effective_date": "2020-11-01"}"#, .conflict, "effective_date"),
            ]
            for (body, status, field) in refusals {
                let response = try await Self.send(client, .patch, uri, token: editor, body: body)
                #expect(response.status == status, "\(body): \(response.text)")
                #expect(try response.json()["parameter"]?.stringValue == field, "\(body): \(response.text)")
            }
            let unknown = try await Self.send(client, .patch, "/sources/NO-SUCH", token: editor, body: #"{"status": "permitted", "effective_date": "2020-11-03"}"#)
            #expect(unknown.status == .notFound)
            // The register is still its history's replay.
            #expect(try writer.verify().allSatisfy(\.passed))
        }
    }

    @Test func anAdminUploadsTheWeeksSnapshotAsTheCommandLoadsIt() async throws {
        let admin = try ServerFixture.token(.admin), editor = try ServerFixture.token(.editor)
        let sources = try ServerFixture.load().sources
        try await Self.withWritableServer("upload") { client, writer in
            // The register again with one source changed, one gone and one new.
            var lines = ["source_id,name,lon,lat,status,deadline"]
            for (k, s) in sources.enumerated() where k != 1 {
                let status = k == 0 ? "permitted" : s.status.rawValue
                lines.append("\(s.sourceID),\"\(s.name)\",\(s.location.x),\(s.location.y),\(status),\(k == 0 ? "" : s.deadline ?? "")")
            }
            lines.append("UPLOADED-1,新上传的企业,\(sources[2].location.x),\(sources[2].location.y),unlicensed,")
            let csv = lines.joined(separator: "\n") + "\n"
            // After every event of the history, so the snapshot's statuses are the replay's.
            let asOf = DateText.today()
            let uri = "/ingest/sources?as_of=\(asOf)"
            #expect(try await client.execute(uri: uri, method: .post, headers: FieldWritesRouterTests.headers(editor), body: ByteBuffer(string: csv)).status == .forbidden)

            // A bad row: refused naming its line and field, nothing written.
            let fingerprint = try writer.dataGeneration()
            let bad = csv.replacingOccurrences(of: "UPLOADED-1,新上传的企业,\(sources[2].location.x)", with: "UPLOADED-1,新上传的企业,east")
            let refused = try await client.execute(uri: uri, method: .post, headers: FieldWritesRouterTests.headers(admin), body: ByteBuffer(string: bad))
            #expect(refused.status == .badRequest, "\(refused.text)")
            // Named as the upload, at its line and field, never by the server's file.
            #expect(try refused.json()["detail"]?.stringValue?.hasPrefix("upload:\(lines.count): lon: 'east' is not a number") == true, "\(refused.text)")
            #expect(try writer.dataGeneration() == fingerprint)
            let noDate = try await client.execute(uri: "/ingest/sources", method: .post, headers: FieldWritesRouterTests.headers(admin), body: ByteBuffer(string: csv))
            let noDateParameter = try noDate.json()["parameter"]?.stringValue
            #expect(noDate.status == .badRequest && noDateParameter == "as_of")

            let key = UUID().uuidString
            let loaded = try await client.execute(uri: uri, method: .post, headers: FieldWritesRouterTests.headers(admin, key: key), body: ByteBuffer(string: csv))
            #expect(loaded.status == .ok, "\(loaded.text)")
            let report = try loaded.json()
            // The file leaves out the register's other columns: every source's details changed.
            #expect(report["added"]?.intValue == 1 && report["removed"]?.intValue == 1 && report["rows"]?.intValue == lines.count - 1)
            let history = try await FieldWritesRouterTests.history(client, sources[0].sourceID)
            #expect(history.contains { $0["kind"]?.stringValue == "changed" && $0["author"]?.stringValue == "test admin" && $0["date"]?.stringValue == asOf && $0["status"]?.stringValue == "permitted" })
            #expect(try await client.execute(uri: "/collections/sources/items/UPLOADED-1", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/collections/sources/items/\(sources[1].sourceID)", method: .get).status == .notFound)
            // A retry: the first answer, no second load.
            let generation = try writer.dataGeneration()
            let retry = try await client.execute(uri: uri, method: .post, headers: FieldWritesRouterTests.headers(admin, key: key), body: ByteBuffer(string: csv))
            #expect(retry.status == .ok && retry.body == loaded.body && retry.headers[HTTPFields.Element.Name("Idempotent-Replayed")!] == "true")
            #expect(try writer.dataGeneration() == generation)
            let findings = try writer.verify().flatMap(\.findings)
            #expect(findings.isEmpty, "\(findings)")
        }
    }
}
