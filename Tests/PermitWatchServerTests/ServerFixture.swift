import Foundation
import GeoKit
import Hummingbird
import HummingbirdTesting
import Logging
import PermitWatch
import PermitWatchServer
import SpatiaLiteStore
import Store
import Testing
import TestSupport

let quietLogger = Logger(label: "permitwatch.server.tests") { _ in SwiftLogNoOpLogHandler() }

/// The shared small generated province (`SharedProvince`), copied once for every server test
/// with stored analytics runs and a route plan added, opened read-only as `serve` opens it.
enum ServerFixture {
    static let loaded: Result<(path: String, store: SpatialDatabase, sources: [SourceRecord], clusters: ClusterAnalysis.Report, hotspots: HotspotAnalysis.Report, routes: RoutePlan, tokens: [AccessIdentity.Role: String]), any Error> = Result {
        let path = try SharedProvince.load().copy("server").path
        let clusters: ClusterAnalysis.Report, hotspots: HotspotAnalysis.Report, routes: RoutePlan
        var tokens: [AccessIdentity.Role: String] = [:]
        do {
            let writable = try SpatialDatabase(path: path)
            // Stored runs for the clusters and hotspots collections (a wide eps: the sample is sparse).
            var clusterOptions = ClusterAnalysis.Options()
            clusterOptions.eps = 1500
            clusterOptions.minPoints = 3
            clusters = try ClusterAnalysis(store: writable).run(clusterOptions, storing: true)
            var hotspotOptions = HotspotAnalysis.Options()
            hotspotOptions.grid = .square(size: 5000)
            hotspots = try HotspotAnalysis(store: writable).run(hotspotOptions, storing: true)
            // A stored route plan for the routes collection and the map.
            routes = try RoutePlanning(store: writable).plan(routeRequest(seed: 5))
            try writable.storeRoutePlan(routes.record)
            // One token of each role, for the routes that need one.
            for role in AccessIdentity.Role.allCases {
                tokens[role] = try AccessTokens(store: writable).create(name: "test \(role.rawValue)", role: role).token
            }
            try writable.checkpoint()
        }
        let store = try SpatialDatabase(path: path, readOnly: true)
        return (path, store, try store.fetchSources().filter { $0.removedOn == nil }, clusters, hotspots, routes, tokens)
    }

    static func load() throws -> (
        path: String, store: SpatialDatabase, sources: [SourceRecord], clusters: ClusterAnalysis.Report, hotspots: HotspotAnalysis.Report,
        routes: RoutePlan, tokens: [AccessIdentity.Role: String]
    ) {
        try loaded.get()
    }

    /// The fixture's token of `role`.
    static func token(_ role: AccessIdentity.Role) throws -> String {
        try #require(try load().tokens[role])
    }

    /// A token of `role` made in the database at `path` (for a test with a database of its own).
    static func makeToken(_ role: AccessIdentity.Role, in path: String) throws -> String {
        try AccessTokens(store: try SpatialDatabase(path: path)).create(name: "test \(role.rawValue) \(UUID().uuidString.prefix(8))", role: role).token
    }

    /// Two teams, six-hour shifts, from 113.3° E 23.1° N; 20 iterations, so the plan depends only on the seed.
    static func routeRequest(seed: UInt64) -> RoutePlanRequest {
        var request = RoutePlanRequest()
        request.teams = 2
        request.shiftHours = 6
        request.iterations = 20
        request.seed = seed
        request.depot = .point(lon: 113.3, lat: 23.1)
        return request
    }

    /// `serve`'s limits, with the wall-clock ones (a request's time limit, the patience with a
    /// client that reads nothing) long enough for this test process.
    ///
    /// Every suite runs in one process whose two cooperative threads are also taken, for
    /// seconds at a time, by tests that wait on a tool (a Python reference, GDAL, Chromium). A
    /// page's producer then waits for its consumer, the router test client, not for a slow
    /// client, and a 30 s limit can run out on a loaded machine (it did in CI). The tests of the
    /// limits themselves set their own.
    static func configuration(
        corsOrigin: String? = nil, maximumURILength: Int = 8192, pageCacheBytes: Int = 64 << 20
    ) -> ServerConfiguration {
        ServerConfiguration(corsOrigin: corsOrigin, requestTimeLimit: 600, maximumURILength: maximumURILength, pageCacheBytes: pageCacheBytes)
    }

    static func dependencies(_ configuration: ServerConfiguration = configuration()) throws -> ServerDependencies {
        let fixture = try load()
        return ServerDependencies(store: fixture.store, catalog: try QueryCatalog(), configuration: configuration)
    }

    /// Runs `body` against the application through Hummingbird's router test client (no port).
    static func withClient(
        _ configuration: ServerConfiguration = configuration(), _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await withClient(configuration, token: nil, body)
    }

    /// The same, sending a token of `role` with every request that carries none of its own.
    static func withClient(
        _ configuration: ServerConfiguration = configuration(), token role: AccessIdentity.Role?,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let app = buildApplication(try dependencies(configuration), logger: quietLogger)
        let token = try role.map(Self.token)
        try await app.test(.router) { client in try await body(token.map { TokenClient(base: client, token: $0) } ?? client) }
    }
}

/// A test client that sends `Authorization: Bearer TOKEN` with every request that has no
/// Authorization header of its own.
struct TokenClient: TestClientProtocol {
    let base: any TestClientProtocol
    let token: String

    var port: Int? { base.port }

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if headers[.authorization] == nil { headers[.authorization] = "Bearer \(token)" }
        return try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }
}

extension TestResponse {
    var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }

    func json() throws -> JSONValue { try JSONParser().parse(Array(body.readableBytesView)) }
}

extension JSONValue {
    /// The `href` of the link with relation `rel` in this document's `links`.
    func link(_ rel: String) -> String? {
        self["links"]?.arrayValue?.first { $0["rel"]?.stringValue == rel }?["href"]?.stringValue
    }
}

/// The path and query of an absolute link, for the test client.
func pathAndQuery(_ href: String) -> String {
    guard let url = URL(string: href) else { return href }
    return url.path + (url.query.map { "?" + $0 } ?? "")
}
