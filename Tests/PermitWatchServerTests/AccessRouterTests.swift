import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import PermitWatch
import PermitWatchServer
import SpatiaLiteStore
import Testing

/// Bearer tokens over HTTP: reads open, expensive reads a reader's, writes an editor's; 401
/// without a valid token, 403 below the role, 429 after repeated refusals; revocation at once;
/// `--require-token-for-reads`; and no token in a problem document or a log line.
@Suite("Tokens and roles over HTTP")
struct AccessRouterTests {
    static let plan = #"{"teams": 2, "shift_hours": 6, "iterations": 5, "seed": 5, "depot": [113.3, 23.1], "store": false}"#

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    static func expectProblem(_ response: TestResponse, _ status: HTTPResponse.Status, _ detail: String, _ context: String) throws {
        #expect(response.status == status, "\(context): \(response.status)")
        #expect(response.headers[.contentType] == "application/problem+json", "\(context)")
        let document = try response.json()
        #expect(document["status"]?.intValue == Int(status.code), "\(context)")
        #expect(document["detail"]?.stringValue?.contains(detail) == true, "\(context): \(document["detail"]?.stringValue ?? "")")
    }

    @Test func expensiveReadsNeedAReaderAndWritesAnEditor() async throws {
        let reader = try ServerFixture.token(.reader), editor = try ServerFixture.token(.editor), admin = try ServerFixture.token(.admin)
        try await ServerFixture.withClient { client in
            // Open reads stay open.
            #expect(try await client.execute(uri: "/collections/sources/items?limit=1", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/reports/weekly?week=2020-W40&f=csv&area=\(try Self.someTown())", method: .get).status == .ok)
            // Without a token: 401 with the scheme to use.
            for uri in ["/analytics/clusters?eps=1500&min_points=3", "/analytics/hotspots?grid=square:5000", "/reports/weekly?week=2020-W40&f=csv"] {
                let refused = try await client.execute(uri: uri, method: .get)
                try Self.expectProblem(refused, .unauthorized, "Authorization: Bearer TOKEN", uri)
                #expect(refused.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            let anonymousPlan = try await client.execute(uri: "/analytics/routes", method: .post, body: ByteBuffer(string: Self.plan))
            try Self.expectProblem(anonymousPlan, .unauthorized, "needs a bearer token", "anonymous plan")
            // A reader may compute, not write.
            let clusters = try await client.execute(uri: "/analytics/clusters?eps=1500&min_points=3", method: .get, headers: Self.bearer(reader))
            #expect(clusters.status == .ok)
            let report = try await client.execute(uri: "/reports/weekly?week=2020-W40&f=csv", method: .get, headers: Self.bearer(reader))
            #expect(report.status == .ok)
            let readerPlan = try await client.execute(uri: "/analytics/routes", method: .post, headers: Self.bearer(reader), body: ByteBuffer(string: Self.plan))
            try Self.expectProblem(readerPlan, .forbidden, "role editor or above", "reader's plan")
            // An editor and an admin may.
            for token in [editor, admin] {
                let plan = try await client.execute(uri: "/analytics/routes", method: .post, headers: Self.bearer(token), body: ByteBuffer(string: Self.plan))
                #expect(plan.status == .ok)
            }
        }
    }

    @Test func aTokenThatIsNotValidIsRefusedWithoutSayingWhyAndNeverEchoed() async throws {
        let reader = try ServerFixture.token(.reader)
        // Another database's token, a made-up one of the right shape, a wrong secret, junk.
        let otherPath = try SharedProvinceCopy.make("access-other")
        defer { SharedProvinceCopy.remove(otherPath) }
        let other = try ServerFixture.makeToken(.admin, in: otherPath)
        let wrongSecret = String(reader.dropLast(3)) + (reader.hasSuffix("AAA") ? "BBB" : "AAA")
        let presented = [other, "pwt_000000000000_" + String(repeating: "A", count: 43), wrongSecret, "not-a-token"]
        try await ServerFixture.withClient { client in
            for token in presented {
                let response = try await client.execute(uri: "/collections", method: .get, headers: Self.bearer(token))
                try Self.expectProblem(response, .unauthorized, "the bearer token is not valid here", token)
                #expect(!response.text.contains(token) && !response.text.contains(String(token.suffix(20))), "the token is echoed")
            }
            let basic = try await client.execute(uri: "/collections", method: .get, headers: [.authorization: "Basic dXNlcjpwYXNz"])
            try Self.expectProblem(basic, .unauthorized, "is not `Bearer TOKEN`", "Basic")
        }
    }

    @Test func anAddressThatKeepsGuessingIsHeldOff() async throws {
        let reader = try ServerFixture.token(.reader)
        // A window of an hour: on a loaded machine ten requests can take longer than a minute.
        var configuration = ServerFixture.configuration()
        configuration.failedTokenWindow = 3600
        try await ServerFixture.withClient(configuration) { client in
            for k in 0..<10 {
                let guess = try await client.execute(uri: "/collections", method: .get, headers: Self.bearer("pwt_00000000000\(k)_" + String(repeating: "x", count: 43)))
                #expect(guess.status == .unauthorized)
            }
            // The eleventh try is held off before any check, a valid token included.
            for token in ["pwt_0000000000aa_" + String(repeating: "x", count: 43), reader] {
                let held = try await client.execute(uri: "/collections", method: .get, headers: Self.bearer(token))
                try Self.expectProblem(held, .tooManyRequests, "were refused within 3600 s", "held")
                let wait = try #require(held.headers[.retryAfter].flatMap { Int($0) })
                #expect((1...3600).contains(wait))
            }
            // Reads without a token are not held off: the limit is on guessing, not on reading.
            #expect(try await client.execute(uri: "/collections", method: .get).status == .ok)
        }
    }

    @Test func aRevokedTokenIsRefusedFromTheNextRequest() async throws {
        let path = try SharedProvinceCopy.make("access-revoke")
        defer { SharedProvinceCopy.remove(path) }
        let writable = try SpatialDatabase(path: path)
        let created = try AccessTokens(store: writable).create(name: "field officer", role: .reader)
        let store = try SpatialDatabase(path: path, readOnly: true)
        let app = buildApplication(ServerDependencies(store: store, catalog: try QueryCatalog(), configuration: ServerFixture.configuration()), logger: quietLogger)
        try await app.test(.router) { client in
            let uri = "/analytics/hotspots?grid=square:5000&f=csv"
            #expect(try await client.execute(uri: uri, method: .get, headers: Self.bearer(created.token)).status == .ok)
            try AccessTokens(store: writable).revoke(name: "field officer")
            let refused = try await client.execute(uri: uri, method: .get, headers: Self.bearer(created.token))
            try Self.expectProblem(refused, .unauthorized, "not valid here", "revoked")
        }
    }

    @Test func requireTokenForReadsClosesEveryReadButHealth() async throws {
        var configuration = ServerFixture.configuration()
        configuration.requireTokenForReads = true
        let reader = try ServerFixture.token(.reader)
        try await ServerFixture.withClient(configuration) { client in
            for uri in ["/", "/collections", "/collections/sources/items?limit=1", "/queries", "/map", "/api"] {
                try Self.expectProblem(try await client.execute(uri: uri, method: .get), .unauthorized, "Bearer", uri)
                #expect(try await client.execute(uri: uri, method: .get, headers: Self.bearer(reader)).status == .ok, "\(uri)")
            }
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            // The API document says so.
            let api = try await client.execute(uri: "/api", method: .get, headers: Self.bearer(reader)).json()
            #expect(api["security"]?.arrayValue?.first?["bearerAuth"] != nil)
            #expect(api["paths"]?["/health"]?["get"]?["security"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func theAPIDocumentDeclaresTheSchemeAndWhoNeedsIt() async throws {
        try await ServerFixture.withClient { client in
            let api = try await client.execute(uri: "/api", method: .get).json()
            #expect(api["components"]?["securitySchemes"]?["bearerAuth"]?["scheme"]?.stringValue == "bearer")
            #expect(api["security"] == nil)
            #expect(api["paths"]?["/analytics/routes"]?["post"]?["security"]?.arrayValue?.count == 1)
            #expect(api["paths"]?["/analytics/routes"]?["post"]?["responses"]?["403"] != nil)
            #expect(api["paths"]?["/analytics/clusters"]?["get"]?["security"]?.arrayValue?.count == 1)
            // The whole province's report needs one, an area's not: both alternatives.
            #expect(api["paths"]?["/reports/weekly"]?["get"]?["security"]?.arrayValue?.count == 2)
            #expect(api["paths"]?["/collections/{collectionId}/items"]?["get"]?["security"] == nil)
        }
    }

    @Test func noTokenReachesTheLog() async throws {
        let lines = NIOLockedValueBox<[String]>([])
        let logger = Logger(label: "access-test") { _ in CapturingLogHandler(lines: lines) }
        let reader = try ServerFixture.token(.reader)
        let app = buildApplication(try ServerFixture.dependencies(), logger: logger)
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/analytics/clusters?eps=1500&min_points=3", method: .get, headers: Self.bearer(reader))
            _ = try await client.execute(uri: "/collections", method: .get, headers: Self.bearer(reader + "x"))
            _ = try await client.execute(uri: "/analytics/routes", method: .post, headers: Self.bearer(reader), body: ByteBuffer(string: Self.plan))
        }
        let logged = lines.withLockedValue { $0 }
        #expect(logged.count >= 3)
        #expect(!logged.contains { $0.contains(String(reader.suffix(43))) || $0.contains("pwt_") })
    }

    static func someTown() throws -> String {
        try #require(try ServerFixture.load().sources.compactMap(\.assignment.townCode).first)
    }
}

/// Keeps every log line (message and metadata) in memory.
struct CapturingLogHandler: LogHandler {
    let lines: NIOLockedValueBox<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.withLockedValue { $0.append("\(event.message) \(all)") }
    }
}

/// A writable copy of the server fixture's database in the temporary directory.
enum SharedProvinceCopy {
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func make(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-\(name)-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: try ServerFixture.load().path, toPath: path)
        return path
    }
}
