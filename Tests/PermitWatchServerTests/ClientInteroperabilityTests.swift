import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GeoKit
import HummingbirdTesting
import PermitWatchServer
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// Real clients against a real server process: GDAL's OAPIF driver, the OpenAPI validator,
/// a headless Chromium on the map page. Tools come from `scripts/setup.sh --tests`; a test whose
/// tool is missing is reported as skipped (under CI it fails).
@Suite("Real clients", .serialized)
struct ClientInteroperabilityTests {
    @Test(.requires(.gdal))
    func gdalListsCollectionsAndReadsFilteredAndBoxedSources() throws {
        let fixture = try ServerFixture.load()
        let server = try ServerProcess(database: fixture.path)
        defer { #expect(server.stop() == 0, "the server did not shut down cleanly on SIGTERM") }
        let source = "OAPIF:\(server.baseURL)/"

        let listing = try #require(try runTool("ogrinfo", ["-ro", "-q", source]), "ogrinfo (gdal-bin) is not installed")
        #expect(listing.status == 0, "\(listing.error)")
        for id in FeatureCollectionDefinition.all.map(\.id) { #expect(listing.output.contains(": \(id) "), "\(listing.output)") }

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-gdal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        // The attribute filter: exactly the unlicensed count that `permitwatch summary` reports.
        let unlicensed = try fixture.store.summary(by: .area(.prefecture)).reduce(0) { $0 + ($1.counts[.unlicensed] ?? 0) }
        let filtered = scratch.appendingPathComponent("unlicensed.geojson").path
        let copy = try #require(try runTool("ogr2ogr", ["-f", "GeoJSON", filtered, source, "sources", "-where", "status='unlicensed'"]))
        #expect(copy.status == 0, "\(copy.error)")
        #expect(try featureCount(filtered) == unlicensed)

        // A bbox read: exactly the sources in the box.
        let box = BoundingBox(minX: 113.0, minY: 22.6, maxX: 113.6, maxY: 23.3)
        let expected = fixture.sources.filter {
            $0.location.x >= box.minX && $0.location.x <= box.maxX && $0.location.y >= box.minY && $0.location.y <= box.maxY
        }.count
        let boxed = scratch.appendingPathComponent("box.geojson").path
        let spat = try #require(try runTool("ogr2ogr", [
            "-f", "GeoJSON", boxed, source, "sources", "-spat", "\(box.minX)", "\(box.minY)", "\(box.maxX)", "\(box.maxY)",
        ]))
        #expect(spat.status == 0, "\(spat.error)")
        #expect(expected > 0)
        #expect(try featureCount(boxed) == expected)
    }

    /// SIGTERM while a request is running: the request still gets its whole answer, then the
    /// server exits cleanly.
    @Test func sigtermLetsTheRequestInFlightFinish() throws {
        let fixture = try ServerFixture.load()
        let queries = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-slow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: queries, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: queries) }
        try """
            -- title: Slow
            -- description: counts for a while, then is interrupted by the time limit
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) AS n FROM n
            """.write(to: queries.appendingPathComponent("slow.sql"), atomically: true, encoding: .utf8)
        let server = try ServerProcess(database: fixture.path, arguments: ["--queries", queries.path, "--time-limit", "3"])
        let url = try #require(URL(string: "\(server.baseURL)/queries/slow"))
        let answered = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var status = 0
        nonisolated(unsafe) var body = Data()
        URLSession.shared.dataTask(with: url) { data, response, _ in
            status = (response as? HTTPURLResponse)?.statusCode ?? -1
            body = data ?? Data()
            answered.signal()
        }.resume()
        Thread.sleep(forTimeInterval: 1)
        server.process.terminate()
        #expect(answered.wait(timeout: .now() + 30) == .success)
        #expect(status == 503, "\(String(decoding: body, as: UTF8.self))")
        #expect(String(decoding: body, as: UTF8.self).contains("interrupted after 3"))
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 0)
    }

    /// A 100 KB URL, over a real socket (the router test client has no HTTP parser): a 414
    /// problem document, not the parser's bare 400.
    @Test func aHundredKilobyteURLGetsAProblemDocument() throws {
        let fixture = try ServerFixture.load()
        let server = try ServerProcess(database: fixture.path, arguments: [])
        defer { _ = server.stop() }
        let url = try #require(URL(string: "\(server.baseURL)/collections/sources/items?status=" + String(repeating: "x", count: 100_000)))
        let answered = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var status = 0
        nonisolated(unsafe) var body = Data()
        nonisolated(unsafe) var type: String?
        URLSession.shared.dataTask(with: url) { data, response, _ in
            status = (response as? HTTPURLResponse)?.statusCode ?? -1
            type = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")
            body = data ?? Data()
            answered.signal()
        }.resume()
        #expect(answered.wait(timeout: .now() + 60) == .success)
        #expect(status == 414)
        #expect(type == "application/problem+json")
        #expect(String(decoding: body, as: UTF8.self).contains("the request target has 100"), "\(String(decoding: body, as: UTF8.self))")
    }

    @Test(.requires(.openAPIValidator))
    func openAPIDocumentValidates() async throws {
        try Requirement.openAPIValidator.require()
        try await ServerFixture.withClient { client in
            let response = try await client.execute(uri: "/api", method: .get)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-openapi-\(UUID().uuidString).json")
            try Data(response.body.readableBytesView).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try Python.run(["-m", "openapi_spec_validator", file.path])
            #expect(result.status == 0, "openapi-spec-validator: \(result.output) \(result.error)")
            #expect(result.output.contains("OK"), "\(result.output)")
        }
    }

    @Test(.requires(.chromium))
    func mapPageLoadsInChromiumWithoutErrorsAndDrawsFeatures() throws {
        let fixture = try ServerFixture.load()
        let chromium = try #require(ExternalTool.chromium, "chromium is not installed (scripts/setup.sh --tests installs it)")
        let server = try ServerProcess(database: fixture.path)
        defer { _ = server.stop() }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900", "--virtual-time-budget=20000", "--enable-logging=stderr", "--v=0"]
        let dom = try #require(try runTool(chromium, common + ["--dump-dom", "\(server.baseURL)/map"], timeout: 120))
        #expect(dom.status == 0, "\(dom.error)")
        let body = try #require(dom.output.range(of: "<body[^>]*>", options: .regularExpression).map { String(dom.output[$0]) }, "no body in \(dom.output.prefix(500))")
        func attribute(_ name: String) -> Int? {
            guard let range = body.range(of: "data-\(name)=\"(\\d+)\"", options: .regularExpression) else { return nil }
            return Int(body[range].split(separator: "\"")[1])
        }
        #expect(attribute("prefectures") == 21, "\(body)")
        #expect((attribute("density") ?? 0) > 0, "no density squares drawn: \(body)")
        #expect(attribute("errors") == 0, "\(body)")
        // The whole province is in view: every stored cluster and every significant cell is drawn.
        #expect(attribute("clusters") == fixture.clusters.clusters.count, "\(body)")
        #expect(attribute("hotspots") == fixture.hotspots.cells.filter { $0.bin != 0 }.count, "\(body)")
        // and the stored route plan's teams.
        #expect(attribute("routes") == fixture.routes.teams.filter { !$0.visits.isEmpty }.count, "\(body)")
        let consoleErrors = dom.error.split(separator: "\n").filter { $0.contains("CONSOLE") && ($0.contains("Uncaught") || $0.contains("Error")) }
        #expect(consoleErrors.isEmpty, "\(consoleErrors)")

        let screenshot = ServerProcess.artifacts.appendingPathComponent("map.png")
        try? FileManager.default.removeItem(at: screenshot)
        let shot = try #require(try runTool(chromium, common + ["--screenshot=\(screenshot.path)", "\(server.baseURL)/map"], timeout: 120))
        #expect(shot.status == 0, "\(shot.error)")
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        #expect(size > 10_000, "the screenshot is missing or blank (\(size) bytes)")
    }
}

/// Features in a GeoJSON file GDAL wrote.
private func featureCount(_ path: String) throws -> Int {
    let document = try JSONParser().parse(try Data(contentsOf: URL(fileURLWithPath: path)))
    return document["features"]?.arrayValue?.count ?? -1
}
