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
    static let loaded: Result<(path: String, store: SpatialDatabase, sources: [SourceRecord], clusters: ClusterAnalysis.Report, hotspots: HotspotAnalysis.Report, routes: RoutePlan), any Error> = Result {
        let path = try SharedProvince.load().copy("server").path
        let clusters: ClusterAnalysis.Report, hotspots: HotspotAnalysis.Report, routes: RoutePlan
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
            try writable.checkpoint()
        }
        let store = try SpatialDatabase(path: path, readOnly: true)
        return (path, store, try store.fetchSources().filter { $0.removedOn == nil }, clusters, hotspots, routes)
    }

    static func load() throws -> (
        path: String, store: SpatialDatabase, sources: [SourceRecord], clusters: ClusterAnalysis.Report, hotspots: HotspotAnalysis.Report,
        routes: RoutePlan
    ) {
        try loaded.get()
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
        let app = buildApplication(try dependencies(configuration), logger: quietLogger)
        try await app.test(.router) { client in try await body(client) }
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
