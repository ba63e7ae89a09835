import Foundation
import GeoKit
import Hummingbird
import HummingbirdTesting
import PermitWatch
import PermitWatchServer
import SpatiaLiteStore
import Store
import Testing

/// `POST /analytics/routes`: the same plan as the use case, as GeoJSON or GPX; bad bodies are 400s.
@Suite("Route planning over HTTP")
struct RouteRouterTests {
    @Test func plansMatchTheUseCaseAndBadRequestsAreRefused() async throws {
        let fixture = try ServerFixture.load()
        let body = #"{"teams": 2, "shift_hours": 6, "iterations": 20, "seed": 3, "depot": [113.3, 23.1]}"#
        let expected = try RoutePlanning(store: fixture.store).plan(ServerFixture.routeRequest(seed: 3))
        try await ServerFixture.withClient(token: .editor) { client in
            let response = try await client.execute(uri: "/analytics/routes", method: .post, body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/geo+json")
            let features = try response.json()["features"]?.arrayValue ?? []
            let lines = features.filter { $0["geometry"]?["type"]?.stringValue == "LineString" }
            #expect(lines.count == expected.teams.filter { !$0.visits.isEmpty }.count)
            let stops = features.filter { $0["properties"]?["kind"]?.stringValue == "stop" }.compactMap { $0["properties"]?["source_id"]?.stringValue }
            #expect(stops == expected.teams.flatMap { $0.visits.map(\.stop.id) })

            let gpx = try await client.execute(uri: "/analytics/routes?f=gpx", method: .post, body: ByteBuffer(string: body))
            #expect(gpx.headers[.contentType] == "application/gpx+xml")
            #expect(String(buffer: gpx.body).contains("<rte>"))

            let inline = #"{"teams": 1, "iterations": 5, "depot": [113.3, 23.1], "stops": [{"id": "A", "lon": 113.31, "lat": 23.1, "priority": 2}, {"id": "B", "lon": 113.32, "lat": 23.11}]}"#
            let small = try await client.execute(uri: "/analytics/routes?f=json", method: .post, body: ByteBuffer(string: inline))
            #expect(small.status == .ok)
            #expect(String(buffer: small.body).contains("\"B\""))

            for bad in [#"{"teams": 0}"#, #"not json"#, #"{"depot": [1]}"#, #"{"area": "44", "cluster": 1}"#] {
                let refused = try await client.execute(uri: "/analytics/routes", method: .post, body: ByteBuffer(string: bad))
                #expect(refused.status == .badRequest, "\(bad)")
            }
            let far = #"{"teams": 1, "depot": [113.3, 23.1], "stops": [{"id": "FAR", "lon": 116.5, "lat": 25.5}]}"#
            let refused = try await client.execute(uri: "/analytics/routes", method: .post, body: ByteBuffer(string: far))
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("further than half a shift"))
        }
    }

    /// `crs` declares the system of the depot and the inline stops: the same request in
    /// EPSG:4547 metres (made from the degrees by GeoKit's projection, which the conversion
    /// inverts) plans the same stops at the same places as in degrees; an unknown system is a 400
    /// naming `crs`.
    @Test func depotAndStopsInMetresWithTheirCRS() async throws {
        let gk = try MetricCRS(parsing: "epsg:4547")
        func pair(_ lon: Double, _ lat: Double, metres: Bool) -> (Double, Double) {
            guard metres else { return (lon, lat) }
            let p = gk.forward(Coordinate(lon, lat))
            return (p.x, p.y)
        }
        func body(metres: Bool, crs: String? = nil) -> String {
            let depot = pair(113.3, 23.1, metres: metres), a = pair(113.31, 23.1, metres: metres), b = pair(113.32, 23.11, metres: metres)
            let system = crs.map { #""crs": "\#($0)", "# } ?? ""
            return #"{\#(system)"teams": 1, "iterations": 5, "store": false, "depot": [\#(depot.0), \#(depot.1)], "stops": [{"id": "A", "lon": \#(a.0), "lat": \#(a.1), "priority": 2}, {"id": "B", "lon": \#(b.0), "lat": \#(b.1)}]}"#
        }
        let degrees = body(metres: false), metres = body(metres: true, crs: "epsg:4547")
        let undeclaredMetres = body(metres: true), unknownSystem = body(metres: true, crs: "mercator")
        try await ServerFixture.withClient(token: .editor) { client in
            let inDegrees = try await client.execute(uri: "/analytics/routes", method: .post, body: ByteBuffer(string: degrees))
            let inMetres = try await client.execute(uri: "/analytics/routes", method: .post, body: ByteBuffer(string: metres))
            #expect(inDegrees.status == .ok)
            #expect(inMetres.status == .ok, "\(String(buffer: inMetres.body))")
            let expected = try Self.stops(inDegrees), found = try Self.stops(inMetres)
            #expect(expected.map(\.0).sorted() == ["A", "B"])
            #expect(found.map(\.0) == expected.map(\.0))
            for (e, f) in zip(expected, found) {
                #expect(abs(e.1 - f.1) < 1e-7 && abs(e.2 - f.2) < 1e-7, "\(e) against \(f)")
            }
            // Metres without their system are refused, as on the CLI.
            let undeclared = try await client.execute(uri: "/analytics/routes", method: .post, body: ByteBuffer(string: undeclaredMetres))
            #expect(undeclared.status == .badRequest)
            let unknown = try await client.execute(uri: "/analytics/routes", method: .post, body: ByteBuffer(string: unknownSystem))
            #expect(unknown.status == .badRequest)
            #expect(String(buffer: unknown.body).contains("crs=mercator"), "\(String(buffer: unknown.body))")
        }
    }

    /// The stops of a GeoJSON plan in visiting order: id, longitude, latitude.
    static func stops(_ response: TestResponse) throws -> [(String, Double, Double)] {
        try response.json()["features"]?.arrayValue?.compactMap { feature in
            guard feature["properties"]?["kind"]?.stringValue == "stop", let id = feature["properties"]?["source_id"]?.stringValue,
                let xy = feature["geometry"]?["coordinates"]?.arrayValue, let x = xy[0].doubleValue, let y = xy[1].doubleValue
            else { return nil }
            return (id, x, y)
        } ?? []
    }

    /// A server with a writable archive stores each posted plan and lists its teams at
    /// `/collections/routes/items`: one LineString per team that visits something, its stops
    /// in order. The server works on a copy of the fixture, which other tests read meanwhile.
    @Test func postedPlansAreStoredAndListedAsRoutes() async throws {
        let fixture = try ServerFixture.load()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-routes-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: copy)
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
        let archive = try SpatialDatabase(path: copy)
        let store = try SpatialDatabase(path: copy, readOnly: true)
        let dependencies = ServerDependencies(store: store, catalog: try QueryCatalog(), configuration: ServerFixture.configuration(), writer: archive)

        let expected = try RoutePlanning(store: store).plan(ServerFixture.routeRequest(seed: 5))
        let moving = expected.teams.filter { !$0.visits.isEmpty }
        #expect(!moving.isEmpty)
        let body = #"{"teams": 2, "shift_hours": 6, "iterations": 20, "seed": 5, "depot": [113.3, 23.1]}"#
        let app = buildApplication(dependencies, logger: quietLogger)
        let token = try ServerFixture.token(.editor)
        try await app.test(.router) { client in
            let client = TokenClient(base: client, token: token)
            let before = try await client.execute(uri: "/collections/routes/items", method: .get).json()["numberMatched"]?.intValue ?? -1
            #expect(before == fixture.routes.teams.filter { !$0.visits.isEmpty }.count)
            let posted = try await client.execute(uri: "/analytics/routes", method: .post, body: ByteBuffer(string: body))
            #expect(posted.status == .ok)
            let link = try #require(posted.headers[HTTPFields.Element.Name("Link")!])
            #expect(link.hasPrefix("</collections/routes/items?plan_id=2>"))
            let notStored = #"{"teams": 2, "shift_hours": 6, "iterations": 20, "seed": 5, "depot": [113.3, 23.1], "store": false}"#
            let computed = try await client.execute(uri: "/analytics/routes", method: .post, body: ByteBuffer(string: notStored))
            #expect(computed.status == .ok && computed.headers[HTTPFields.Element.Name("Link")!] == nil)

            let routes = try await client.execute(uri: "/collections/routes/items?plan_id=2", method: .get).json()
            #expect(routes["numberMatched"]?.intValue == moving.count)
            let features = routes["features"]?.arrayValue ?? []
            #expect(features.map { $0["id"]?.stringValue } == moving.map { "2-\($0.number)" })
            for (feature, team) in zip(features, moving) {
                #expect(feature["geometry"]?["type"]?.stringValue == "LineString")
                #expect(feature["geometry"]?["coordinates"]?.arrayValue?.count == team.path.count)
                let stopIDs = try JSONDecoder().decode([String].self, from: Data((feature["properties"]?["stop_ids"]?.stringValue ?? "").utf8))
                #expect(stopIDs == team.visits.map(\.stop.id))
                #expect(feature["properties"]?["stops"]?.intValue == team.visits.count)
            }
            let all = try await client.execute(uri: "/collections/routes/items", method: .get).json()
            #expect(all["numberMatched"]?.intValue == before + moving.count)
            let collection = try await client.execute(uri: "/collections/routes", method: .get)
            #expect(collection.status == .ok)
        }
    }
}
