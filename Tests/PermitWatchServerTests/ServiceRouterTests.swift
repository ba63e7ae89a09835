import CompressNIO
import Foundation
import GeoKit
import Hummingbird
import HummingbirdTesting
import PermitWatch
import PermitWatchServer
import SpatiaLiteStore
import Store
import Testing

/// The catalog over HTTP and what a production service needs: compression, caching headers,
/// CORS, limits, health and metrics, the map page.
@Suite("Service routes")
struct ServiceRouterTests {
    @Test func catalogListsAndRunsQueriesWithProblemsForBadParameters() async throws {
        let fixture = try ServerFixture.load()
        try await ServerFixture.withClient { client in
            let list = try await client.execute(uri: "/queries", method: .get).json()
            let names = list["queries"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names.contains("sources-near") && names.contains("unlicensed-by-grid") && names.contains("source-density"))

            // sources-near against a brute-force distance scan in EPSG:4547 metres.
            let centre = fixture.sources[100]
            let near = try await client.execute(uri: "/queries/sources-near?at=\(centre.location.x),\(centre.location.y)&radius=1500", method: .get)
            #expect(near.headers[.contentType] == "application/geo+json")
            let ids = Set(try near.json()["features"]?.arrayValue?.compactMap { $0["properties"]?["source_id"]?.stringValue } ?? [])
            let expected = Set(fixture.sources.filter {
                let dx = $0.projected.x - centre.projected.x, dy = $0.projected.y - centre.projected.y
                return (dx * dx + dy * dy).squareRoot() <= 1500
            }.map(\.sourceID))
            #expect(ids == expected)

            let csv = try await client.execute(uri: "/queries/unlicensed-by-town?f=csv", method: .get)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let rows = csv.text.split(separator: "\r\n")
            #expect(rows.first?.contains("town_code") == true)

            let missing = try await client.execute(uri: "/queries/sources-near", method: .get)
            #expect(missing.status == .badRequest)
            #expect(try missing.json()["parameter"]?.stringValue == "at")
            let injected = try await client.execute(uri: "/queries/unlicensed-in-area?code=4401%27%3B%20DROP%20TABLE%20sources%3B--", method: .get)
            #expect(injected.status == .badRequest)
            #expect(try injected.json()["parameter"]?.stringValue == "code")
            // Values that could only select nothing: problems naming the parameter.
            for (uri, parameter, detail) in [
                ("/queries/sources?area=9999", "area", "'9999' is not valid; expected the code of a prefecture, county, town or grid in this database"),
                ("/queries/sources?status=bogus", "status", "'bogus' is not valid; expected a status:"),
                ("/queries/sources-near?at=113.3,23.1&radius=-5", "radius", "'-5' is not valid; expected a number above 0"),
                ("/queries/status-changes?from=2020-05-01&to=2020-04-01", "to", "it is before from (2020-05-01)"),
            ] {
                let refused = try await client.execute(uri: uri, method: .get)
                #expect(refused.status == .badRequest, "\(uri)")
                #expect(try refused.json()["parameter"]?.stringValue == parameter, "\(uri)")
                #expect(try refused.json()["detail"]?.stringValue?.contains(detail) == true, "\(uri): \(refused.text)")
            }
            let chinese = try await client.execute(uri: "/queries/sources?status=%E6%97%A0%E8%AF%81&f=csv", method: .get)
            let english = try await client.execute(uri: "/queries/sources?status=unlicensed&f=csv", method: .get)
            #expect(chinese.status == .ok && chinese.body == english.body)
            let source = fixture.sources[0].sourceID
            let noGeometry = try await client.execute(uri: "/queries/source-history?source_id=\(source)&f=geojson", method: .get)
            #expect(noGeometry.status == .badRequest)
            #expect(try noGeometry.json()["parameter"]?.stringValue == "f")
            let history = try await client.execute(uri: "/queries/source-history?source_id=\(source)", method: .get)
            #expect(history.headers[.contentType] == "application/json")
            let events = try history.json().arrayValue ?? []
            #expect(!events.isEmpty && events.allSatisfy { $0["source_id"]?.stringValue == source })
            let unknown = try await client.execute(uri: "/queries/no-such-query", method: .get)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func gzipWhenAcceptedAndTheSameDocumentUnzipped() async throws {
        try await ServerFixture.withClient { client in
            let uri = "/collections/sources/items?limit=500"
            let plain = try await client.execute(uri: uri, method: .get)
            #expect(plain.headers[.contentEncoding] == nil)
            let zipped = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip, deflate"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            var body = zipped.body
            let unzipped = try body.decompress(with: .gzip())
            #expect(zipped.body.readableBytes * 3 < unzipped.readableBytes)
            // The time stamps differ; everything else is the same document.
            let strip = { (text: String) in text.replacingOccurrences(of: #""timeStamp":"[^"]*""#, with: "", options: .regularExpression) }
            #expect(strip(String(buffer: unzipped)) == strip(plain.text))
        }
    }

    @Test func metadataHasETagAndCacheControlAndAnswers304() async throws {
        try await ServerFixture.withClient { client in
            let first = try await client.execute(uri: "/collections/sources", method: .get)
            let tag = try #require(first.headers[.eTag])
            #expect(first.headers[.cacheControl]?.contains("max-age") == true)
            #expect(first.headers[.vary] == "Accept")
            let again = try await client.execute(uri: "/collections/sources", method: .get, headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
        }
    }

    @Test func corsOffByDefaultAndOnForTheConfiguredOrigin() async throws {
        try await ServerFixture.withClient { client in
            let response = try await client.execute(uri: "/collections", method: .get, headers: [.origin: "https://maps.example"])
            #expect(response.headers[.accessControlAllowOrigin] == nil)
        }
        try await ServerFixture.withClient(ServerFixture.configuration(corsOrigin: "https://maps.example")) { client in
            let response = try await client.execute(uri: "/collections", method: .get, headers: [.origin: "https://maps.example"])
            #expect(response.headers[.accessControlAllowOrigin] == "https://maps.example")
        }
    }

    @Test func limitsOnURIsBodiesAndMethods() async throws {
        try await ServerFixture.withClient(ServerFixture.configuration(maximumURILength: 200)) { client in
            let long = try await client.execute(uri: "/collections/sources/items?status=" + String(repeating: "x", count: 300), method: .get)
            #expect(long.status == .uriTooLong)
            let post = try await client.execute(uri: "/collections", method: .post, body: ByteBuffer(string: "{}"))
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.contentType] == "application/problem+json")
            #expect(try post.json()["detail"]?.stringValue
                == "POST is not allowed on /collections: it takes GET, HEAD and OPTIONS; the writes are POST /analytics/routes (a route plan), "
                + "POST /sources (a source found), PATCH /sources/{id} (a status change), POST /sources/{id}/inspections (an inspection) "
                + "and POST /ingest/sources (a snapshot)")
            // PATCH only on a source; DELETE nowhere.
            #expect(try await client.execute(uri: "/sources", method: .patch, body: ByteBuffer(string: "{}")).status == .methodNotAllowed)
            #expect(try await client.execute(uri: "/sources/GD1", method: .delete).status == .methodNotAllowed)
        }
    }

    @Test func healthAndPrometheusMetrics() async throws {
        try await ServerFixture.withClient { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(try health.json()["status"]?.stringValue == "ok")
            _ = try await client.execute(uri: "/collections/sources/items?limit=5", method: .get)
            _ = try await client.execute(uri: "/collections/nothing", method: .get)
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains("# TYPE permitwatch_http_request_duration_seconds histogram"))
            #expect(metrics.contains(#"route="/collections/{collectionId}/items",method="GET",status="200"} 1"#), "\(metrics)")
            #expect(metrics.contains(#"status="404"} 1"#))
            #expect(metrics.contains("permitwatch_db_readers_max 4"))
            #expect(metrics.contains(#"permitwatch_http_request_duration_seconds_bucket{route="/collections/{collectionId}/items",le="+Inf"} 1"#))
        }
    }

    /// The query would run forever; the time limit ends it (the trait fails the test otherwise).
    /// Elapsed time is not asserted: the suite's parallel tests starve the cooperative pool.
    @Test(.timeLimit(.minutes(2))) func runawayQueryIsInterruptedWith503() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-queries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            -- title: Forever
            -- description: counts without end
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) AS n FROM n
            """.write(to: directory.appendingPathComponent("forever.sql"), atomically: true, encoding: .utf8)
        let fixture = try ServerFixture.load()
        let dependencies = ServerDependencies(
            store: fixture.store, catalog: try QueryCatalog(directories: [directory]), configuration: ServerConfiguration(requestTimeLimit: 0.3))
        let app = buildApplication(dependencies, logger: quietLogger)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/queries/forever", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(try response.json()["detail"]?.stringValue?.contains("interrupted after 0.3 s") == true)
        }
    }

    @Test func aRepeatedPageComesFromTheCacheUnchanged() async throws {
        try await ServerFixture.withClient { client in
            let uri = "/collections/sources/items?status=registered&limit=300&offset=30"
            let first = try await client.execute(uri: uri, method: .get)
            let second = try await client.execute(uri: uri, method: .get)
            #expect(first.status == .ok && second.status == .ok)
            #expect(first.body == second.body)
            #expect(second.headers[.contentType] == "application/geo+json")
            let other = try await client.execute(uri: uri.replacingOccurrences(of: "offset=30", with: "offset=31"), method: .get)
            #expect(try other.json()["features"]?.arrayValue?.first?["id"] == second.json()["features"]?.arrayValue?.dropFirst().first?["id"])
        }
        try await ServerFixture.withClient(ServerFixture.configuration(pageCacheBytes: 0)) { client in
            let page = try await client.execute(uri: "/collections/sources/items?limit=3", method: .get)
            #expect(try page.json()["numberReturned"]?.intValue == 3)
        }
    }

    @Test func mapPageAndItsAssets() async throws {
        try await ServerFixture.withClient { client in
            let page = try await client.execute(uri: "/map", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("/assets/leaflet/leaflet.js") && page.text.contains("/map/map.js"))
            let script = try await client.execute(uri: "/map/map.js", method: .get)
            #expect(script.headers[.contentType]?.hasPrefix("application/javascript") == true)
            #expect(script.text.contains("/collections/sources/items"))
            // Hummingbird's FileMiddleware refuses a path that climbs out of the folder.
            let outside = try await client.execute(uri: "/assets/leaflet/../../../etc/passwd", method: .get)
            #expect(outside.status == .badRequest && !outside.text.contains("root:"))
            let leaflet = try await client.execute(uri: "/assets/leaflet/leaflet.js", method: .get)
            #expect(leaflet.status == .ok && leaflet.headers[.cacheControl] == "public, max-age=86400")
            let missing = try await client.execute(uri: "/assets/leaflet/no-such-file.js", method: .get)
            #expect(missing.status == .notFound && missing.text.contains("libjs-leaflet"))
        }
    }
}
