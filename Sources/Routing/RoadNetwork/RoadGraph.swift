/// A directed road graph built from LineStrings: every vertex is a node, vertices with the same
/// coordinates (to 1e-7°, about a centimetre) are the same node, so roads are joined exactly
/// where they share a vertex, at their junctions, and nowhere else (a bridge crossing a road
/// without a shared vertex stays unconnected, as it should).
///
/// Edges are stored in compressed rows (one array of targets per node, contiguous) for
/// cache-friendly Dijkstra; each carries its length in metres and its driving time.
public struct RoadGraph: Sendable {
    /// Node positions (longitude, latitude).
    public let nodes: [(lon: Double, lat: Double)]
    /// Outgoing edges of node `i` are `edgeStart[i]..<edgeStart[i + 1]`.
    let edgeStart: [Int32]
    let edgeTarget: [Int32]
    let edgeMetres: [Double]
    let edgeSeconds: [Double]
    /// The fastest speed on any edge, for the A* time heuristic.
    let fastestMetresPerSecond: Double

    public var nodeCount: Int { nodes.count }
    public var edgeCount: Int { edgeTarget.count }

    /// What a shortest path minimises.
    public enum Weight: Sendable {
        case metres
        case seconds
    }

    /// - Parameter defaultMetresPerSecond: speed of segments that carry none.
    public init(segments: [RoadSegment], defaultMetresPerSecond: Double = 30 / 3.6) {
        var nodeOf: [NodeKey: Int32] = [:]
        var nodes: [(lon: Double, lat: Double)] = []
        var arcs: [(from: Int32, to: Int32, metres: Double, seconds: Double)] = []
        var fastest = defaultMetresPerSecond
        for segment in segments {
            let speed = segment.metresPerSecond.flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? defaultMetresPerSecond
            fastest = max(fastest, speed)
            var previous: Int32 = -1
            for vertex in segment.coordinates {
                let key = NodeKey(lon: vertex.lon, lat: vertex.lat)
                let node: Int32
                if let known = nodeOf[key] {
                    node = known
                } else {
                    node = Int32(nodes.count)
                    nodeOf[key] = node
                    nodes.append(vertex)
                }
                if previous >= 0 && previous != node {
                    let a = nodes[Int(previous)], b = nodes[Int(node)]
                    let metres = GeodesicDistance.metres(lon1: a.lon, lat1: a.lat, lon2: b.lon, lat2: b.lat)
                    if segment.direction != .backward { arcs.append((previous, node, metres, metres / speed)) }
                    if segment.direction != .forward { arcs.append((node, previous, metres, metres / speed)) }
                }
                previous = node
            }
        }
        self.init(nodes: nodes, arcs: arcs, fastest: fastest)
    }

    /// Coordinates rounded to 1e-7 degrees, the key that merges shared vertices.
    struct NodeKey: Hashable {
        let lon: Int64, lat: Int64
        init(lon: Double, lat: Double) {
            self.lon = Int64((lon * 1e7).rounded())
            self.lat = Int64((lat * 1e7).rounded())
        }
    }

    /// The outgoing edges of `node` as (target, metres, seconds).
    public func edges(from node: Int) -> [(target: Int, metres: Double, seconds: Double)] {
        (Int(edgeStart[node])..<Int(edgeStart[node + 1])).map { (Int(edgeTarget[$0]), edgeMetres[$0], edgeSeconds[$0]) }
    }

    /// The graph with every edge turned round: shortest paths *to* a node are shortest paths
    /// *from* it here (for the drive back to the depot).
    public func reversed() -> RoadGraph {
        var arcs: [(from: Int32, to: Int32, metres: Double, seconds: Double)] = []
        arcs.reserveCapacity(edgeCount)
        for node in 0..<nodeCount {
            for e in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
                arcs.append((edgeTarget[e], Int32(node), edgeMetres[e], edgeSeconds[e]))
            }
        }
        return RoadGraph(nodes: nodes, arcs: arcs, fastest: fastestMetresPerSecond)
    }

    /// Lays the arcs out in compressed rows, sorted so that the graph never depends on the
    /// order the roads were read in beyond the node numbering.
    private init(nodes: [(lon: Double, lat: Double)], arcs: [(from: Int32, to: Int32, metres: Double, seconds: Double)], fastest: Double) {
        let sorted = arcs.sorted { ($0.from, $0.to, $0.metres) < ($1.from, $1.to, $1.metres) }
        var start = [Int32](repeating: 0, count: nodes.count + 1)
        for arc in sorted { start[Int(arc.from) + 1] += 1 }
        for i in 0..<nodes.count { start[i + 1] += start[i] }
        self.nodes = nodes
        edgeStart = start
        edgeTarget = sorted.map(\.to)
        edgeMetres = sorted.map(\.metres)
        edgeSeconds = sorted.map(\.seconds)
        fastestMetresPerSecond = fastest
    }
}
