import Foundation
import GeoKit
import Routing

/// The planner's travel costs between the depot (place 0) and the stops (places 1…), in
/// metres, from straight lines (in the metric CRS's plane, or on the ellipsoid) times a detour factor or from a road network, and the path
/// drawn for a route.
struct TravelModel {
    let matrix: CostMatrix
    /// For each place after the depot, the index of its stop in the input.
    let stopOfPlace: [Int]
    let unreachableStops: [Int]
    let description: String
    /// Planar positions of the places (metres of the store's metric CRS), for the tour's
    /// quadrant neighbours.
    let planarCoordinates: [(x: Double, y: Double)]
    private let points: [Coordinate]
    private let roads: (graph: RoadGraph, nodes: [Int])?

    /// - Parameter storedRoads: the stored network, used when the request names no roads file.
    /// - Parameter metricCRS: the system straight lines are measured in.
    init(request: RoutePlanRequest, storedRoads: [RoadSegment]?, depot: Coordinate, stops: [RouteStop], metricCRS: MetricCRS) throws {
        func projected(_ stop: RouteStop) -> Coordinate { stop.projected ?? metricCRS.forward(stop.location) }
        let segments = try request.roadsFile.map { try RoadNetworkFile.read($0, crs: request.crs).segments } ?? storedRoads
        if let segments {
            let graph = RoadGraph(segments: segments)
            let index = NodeGridIndex(points: graph.nodes)
            let costs: RoadTravelCosts
            do {
                costs = try RoadTravelCosts(
                    graph: graph, index: index, depot: (depot.x, depot.y), stops: stops.map { ($0.location.x, $0.location.y) })
            } catch let failure as RoadTravelCosts.Failure {
                throw ParameterError("depot", nil, "\(failure)", kind: .rejected)
            }
            matrix = costs.matrix
            stopOfPlace = costs.stopOfPlace
            unreachableStops = costs.unreachableStops
            points = [depot] + costs.stopOfPlace.map { stops[$0].location }
            planarCoordinates = ([metricCRS.forward(depot)] + costs.stopOfPlace.map { projected(stops[$0]) }).map { ($0.x, $0.y) }
            roads = (graph, [costs.snappedNode[0]] + costs.stopOfPlace.map { costs.snappedNode[$0 + 1] })
            description = "shortest paths over \(graph.nodeCount) road nodes (\(graph.weakComponents().count) components) of " + (request.roadsFile.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "the stored network")
        } else {
            let projected = [metricCRS.forward(depot)] + stops.map(projected)
            let detour = request.detour
            switch metricCRS.distances {
            case .projected:
                matrix = CostMatrix(count: projected.count) { i, j in
                    let dx = projected[i].x - projected[j].x, dy = projected[i].y - projected[j].y
                    return (dx * dx + dy * dy).squareRoot() * detour
                }
            case .geodesic:
                let ellipsoid = metricCRS.ellipsoid
                let places = [depot] + stops.map(\.location)
                let onEllipsoid = places.map(ellipsoid.geocentric)
                matrix = CostMatrix(count: places.count) { i, j in
                    ellipsoid.surfaceDistance(places[i], onEllipsoid[i], places[j], onEllipsoid[j]) * detour
                }
            }
            stopOfPlace = Array(stops.indices)
            unreachableStops = []
            points = [depot] + stops.map(\.location)
            planarCoordinates = projected.map { ($0.x, $0.y) }
            roads = nil
            description = (metricCRS.distances == .geodesic ? "straight lines on the ellipsoid" : "straight lines in \(metricCRS.identifier)") + (detour == 1 ? "" : String(format: " × %g", detour))
        }
    }

    /// Depot, the places in order, depot: straight segments, or the road paths between them.
    func path(through places: [Int]) -> [Coordinate] {
        guard !places.isEmpty else { return [] }
        let sequence = [0] + places + [0]
        guard let roads else { return sequence.map { points[$0] } }
        var path: [Coordinate] = [points[0]]
        for (from, to) in zip(sequence, sequence.dropFirst()) {
            if let leg = roads.graph.shortestPath(from: roads.nodes[from], to: roads.nodes[to]) {
                path += roads.graph.coordinates(of: leg.nodes).map { Coordinate($0.lon, $0.lat) }
            }
            path.append(points[to])
        }
        return path
    }
}
