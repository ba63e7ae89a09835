import DeterministicRandom
import Foundation
import Routing
import Testing
import TestSupport

struct RoadGraphTests {
    /// LineStrings of a GeoJSON file read with Foundation (independently of the app's reader);
    /// `direction` maps a feature's properties to its direction.
    static func segments(_ path: String, direction: ([String: Any]) -> RoadSegment.Direction) throws -> [RoadSegment] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let features = try #require(root["features"] as? [[String: Any]])
        return features.compactMap { feature in
            guard let geometry = feature["geometry"] as? [String: Any], geometry["type"] as? String == "LineString",
                let coordinates = geometry["coordinates"] as? [[Double]]
            else { return nil }
            let properties = feature["properties"] as? [String: Any] ?? [:]
            return RoadSegment(coordinates: coordinates.map { ($0[0], $0[1]) }, direction: direction(properties))
        }
    }

    static let hongKongRoads = "roads/hongkong_hku_pedestrian_network_wgs84.geojson"
    static let wuhanRoads = "roads/wuhan_guanggu_moss_roadnet.geojson"

    static func hongKong() throws -> RoadGraph {
        let path = try RealData.require(hongKongRoads)
        return RoadGraph(segments: try segments(path) { properties in
            switch properties["Direction"] as? String {
            case "One Way Forward": return .forward
            case "One Way Backward": return .backward
            default: return .both
            }
        })
    }

    /// The MOSS network's ways are directed (each carriageway is its own way, joined at the
    /// junctions' coordinates).
    static func wuhan() throws -> RoadGraph {
        let path = try RealData.require(wuhanRoads)
        return RoadGraph(segments: try segments(path) { _ in .forward })
    }

    /// Bellman–Ford: relax every edge until nothing changes. Slow, simple, and sharing no code
    /// with the heap-based Dijkstra it checks.
    static func bellmanFord(_ graph: RoadGraph, from source: Int) -> [Double] {
        var distance = [Double](repeating: .infinity, count: graph.nodeCount)
        distance[source] = 0
        let edges = (0..<graph.nodeCount).flatMap { node in graph.edges(from: node).map { (node, $0.target, $0.metres) } }
        var changed = true
        while changed {
            changed = false
            for (from, to, metres) in edges where distance[from] + metres < distance[to] {
                distance[to] = distance[from] + metres
                changed = true
            }
        }
        return distance
    }

    static func checkAgainstBruteForce(_ graph: RoadGraph, sources: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<sources {
            let source = random.below(graph.nodeCount)
            let dijkstra = graph.shortestDistances(from: source)
            let brute = bellmanFord(graph, from: source)
            let disagreements = (0..<graph.nodeCount).filter {
                dijkstra[$0].isFinite != brute[$0].isFinite || (brute[$0].isFinite && abs(dijkstra[$0] - brute[$0]) > 1e-6)
            }
            #expect(disagreements.isEmpty, "from node \(source): \(disagreements.count) nodes differ")
            // A* between the source and reachable targets gives the same cost along a real path.
            let reachable = (0..<graph.nodeCount).filter { brute[$0].isFinite && $0 != source }
            for _ in 0..<min(10, reachable.count) {
                let target = reachable[random.below(reachable.count)]
                guard let path = graph.shortestPath(from: source, to: target) else {
                    Issue.record("A* found no path from \(source) to \(target)")
                    continue
                }
                #expect(abs(path.cost - brute[target]) < 1e-6)
                #expect(path.nodes.first == source && path.nodes.last == target)
                var walked = 0.0
                for (a, b) in zip(path.nodes, path.nodes.dropFirst()) {
                    walked += graph.edges(from: a).filter { $0.target == b }.map(\.metres).min() ?? .infinity
                }
                #expect(abs(walked - path.cost) < 1e-6)
            }
            let unreachable = (0..<graph.nodeCount).first { !brute[$0].isFinite }
            if let unreachable { #expect(graph.shortestPath(from: source, to: unreachable) == nil) }
        }
    }

    @Test(.requires(.realData(wuhanRoads)))
    func wuhanShortestPathsEqualBruteForce() throws {
        let graph = try Self.wuhan()
        #expect(graph.nodeCount > 100)
        Self.checkAgainstBruteForce(graph, sources: 8, seed: 1)
    }

    @Test(.requires(.realData(hongKongRoads)))
    func hongKongShortestPathsEqualBruteForce() throws {
        let graph = try Self.hongKong()
        Self.checkAgainstBruteForce(graph, sources: 4, seed: 2)
    }

    @Test(.requires(.realData(hongKongRoads)))
    func hongKongHasTwentyOneComponents() throws {
        let graph = try Self.hongKong()
        let components = graph.weakComponents()
        #expect(components.count == 21)
        #expect(components.sizes.reduce(0, +) == graph.nodeCount)
        #expect(components.sizes == components.sizes.sorted(by: >))
    }

    /// Stops in another component than the depot's are reported, not dropped silently, and the
    /// others get finite costs.
    @Test(.requires(.realData(hongKongRoads)))
    func stopsTheDepotCannotReachAreReported() throws {
        let graph = try Self.hongKong()
        let components = graph.weakComponents()
        let index = NodeGridIndex(points: graph.nodes)
        let main = try #require((0..<graph.nodeCount).first { components.componentOf[$0] == 0 })
        let mainNodes = (0..<graph.nodeCount).filter { components.componentOf[$0] == 0 }
        let isolated = try #require((0..<graph.nodeCount).first { components.componentOf[$0] == components.count - 1 })
        let stops = [graph.nodes[mainNodes[mainNodes.count / 2]], graph.nodes[isolated], graph.nodes[mainNodes.last!]]
        let costs = try RoadTravelCosts(graph: graph, index: index, depot: graph.nodes[main], stops: stops)
        #expect(costs.unreachableStops == [1])
        #expect(costs.stopOfPlace == [0, 2])
        for i in 0..<3 { for j in 0..<3 { #expect(costs.matrix[i, j].isFinite) } }
        #expect(throws: RoadTravelCosts.Failure.self) {
            try RoadTravelCosts(graph: graph, index: index, depot: (114.0, 22.0), stops: stops)  // in the sea
        }
    }

    @Test func oneWaySegmentsAreDirected() {
        let graph = RoadGraph(segments: [
            RoadSegment(coordinates: [(0, 0), (0.001, 0)], direction: .forward),
            RoadSegment(coordinates: [(0.001, 0), (0.002, 0)], direction: .backward),
            RoadSegment(coordinates: [(0.002, 0), (0.003, 0)]),
        ])
        #expect(graph.nodeCount == 4)
        #expect(graph.shortestPath(from: 0, to: 1) != nil)
        #expect(graph.shortestPath(from: 1, to: 0) == nil)
        #expect(graph.shortestPath(from: 1, to: 2) == nil)
        #expect(graph.shortestPath(from: 2, to: 1) != nil)
        #expect(graph.shortestPath(from: 3, to: 2) != nil && graph.shortestPath(from: 2, to: 3) != nil)
        #expect(graph.weakComponents().count == 1)
    }

    @Test func nearestNodeMatchesALinearScan() {
        let points = randomPoints(2000, seed: 4, side: 0.2).map { (lon: 113 + $0.x, lat: 23 + $0.y) }
        let index = NodeGridIndex(points: points, cellMetres: 300)
        var random = SplitMix64(seed: 8)
        for _ in 0..<200 {
            let lon = 112.95 + random.unit() * 0.3, lat = 22.95 + random.unit() * 0.3
            let found = index.nearest(lon: lon, lat: lat)
            let scan = points.indices.map { GeodesicDistance.metres(lon1: lon, lat1: lat, lon2: points[$0].lon, lat2: points[$0].lat) }
            #expect(found?.metres == scan.min())
        }
    }
}
