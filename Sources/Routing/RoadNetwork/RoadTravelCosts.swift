/// Travel costs between a depot and stops over a road network: each place is snapped to its
/// nearest road node, and the cost from i to j is the walk from i to its node, the shortest
/// directed road path, and the walk from j's node to j (all in metres).
///
/// Stops the depot cannot reach, or from which the depot cannot be reached (another component,
/// or the wrong side of one-way roads), are listed in `unreachableStops` so the planner can
/// report them; they are left out of the matrix, whose places are the depot (0) and then the
/// reachable stops in input order.
public struct RoadTravelCosts: Sendable {
    public let matrix: CostMatrix
    /// For each matrix place after the depot, its index in the input stops.
    public let stopOfPlace: [Int]
    /// Input indices of the stops left out because they cannot be reached and left by road.
    public let unreachableStops: [Int]
    /// The road node each place (depot first, then every input stop) was snapped to, and how far.
    public let snappedNode: [Int]
    public let snapMetres: [Double]

    public enum Failure: Error, CustomStringConvertible, Sendable {
        case emptyNetwork
        case depotOffRoad(metres: Double, limit: Double)

        public var description: String {
            switch self {
            case .emptyNetwork: return "the road network has no roads"
            case .depotOffRoad(let metres, let limit):
                return "the depot is \(Int(metres.rounded())) m from the nearest road (more than \(Int(limit)) m): it cannot be reached by road"
            }
        }
    }

    /// - Parameter depotSnapLimit: how far from a road the depot may be (a depot further away,
    ///   in the sea or outside the network's area, is an error rather than a silent snap).
    public init(
        graph: RoadGraph, index: NodeGridIndex, depot: (lon: Double, lat: Double), stops: [(lon: Double, lat: Double)],
        depotSnapLimit: Double = 1000
    ) throws {
        guard graph.nodeCount > 0 else { throw Failure.emptyNetwork }
        var nodes: [Int] = []
        var snaps: [Double] = []
        for place in [depot] + stops {
            guard let nearest = index.nearest(lon: place.lon, lat: place.lat) else { throw Failure.emptyNetwork }
            nodes.append(nearest.index)
            snaps.append(nearest.metres)
        }
        guard snaps[0] <= depotSnapLimit else { throw Failure.depotOffRoad(metres: snaps[0], limit: depotSnapLimit) }
        let outbound = graph.shortestDistances(from: nodes[0])
        let inbound = graph.reversed().shortestDistances(from: nodes[0])
        var reachable: [Int] = []
        var unreachable: [Int] = []
        for stop in stops.indices {
            let node = nodes[stop + 1]
            if outbound[node].isFinite && inbound[node].isFinite { reachable.append(stop) } else { unreachable.append(stop) }
        }
        let placeNodes = [nodes[0]] + reachable.map { nodes[$0 + 1] }
        let placeSnaps = [snaps[0]] + reachable.map { snaps[$0 + 1] }
        let targets = Set(placeNodes)
        // One Dijkstra per distinct node, stopped once every place's node is settled.
        var rowOfNode: [Int: [Double]] = [:]
        for node in placeNodes where rowOfNode[node] == nil {
            rowOfNode[node] = graph.shortestDistances(from: node, targets: targets)
        }
        matrix = CostMatrix(count: placeNodes.count) { i, j in
            placeSnaps[i] + rowOfNode[placeNodes[i]]![placeNodes[j]] + placeSnaps[j]
        }
        stopOfPlace = reachable
        unreachableStops = unreachable
        snappedNode = nodes
        snapMetres = snaps
    }
}
