import Foundation
import GeoKit
import Hummingbird
import HummingbirdTesting
import PermitWatch
import PermitWatchServer
import Store
import Testing

/// `POST /analytics/routes`: the same plan as the use case, as GeoJSON or GPX; bad bodies are 400s.
@Suite("Route planning over HTTP")
struct RouteRouterTests {
    @Test func plansMatchTheUseCaseAndBadRequestsAreRefused() async throws {
        let fixture = try ServerFixture.load()
        let body = #"{"teams": 2, "shift_hours": 6, "iterations": 20, "seed": 3, "depot": [113.3, 23.1]}"#
        var request = RoutePlanRequest()
        request.teams = 2
        request.shiftHours = 6
        request.iterations = 20
        request.seed = 3
        request.depot = .point(lon: 113.3, lat: 23.1)
        let expected = try RoutePlanning(store: fixture.store).plan(request)
        try await ServerFixture.withClient { client in
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
}
