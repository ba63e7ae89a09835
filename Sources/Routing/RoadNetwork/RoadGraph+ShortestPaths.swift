/// Dijkstra from one node to all, and A* between two nodes.
extension RoadGraph {
    /// The shortest distance (metres or seconds) from `source` to every node; `.infinity` where
    /// no directed path exists. Optionally stops once every node in `targets` is settled.
    public func shortestDistances(from source: Int, weight: Weight = .metres, targets: Set<Int>? = nil) -> [Double] {
        var distance = [Double](repeating: .infinity, count: nodeCount)
        var settled = [Bool](repeating: false, count: nodeCount)
        var remaining = targets?.count ?? -1
        let cost = weight == .metres ? edgeMetres : edgeSeconds
        var heap = BinaryHeap()
        distance[source] = 0
        heap.push(0, source)
        while let (d, node) = heap.pop() {
            if settled[node] { continue }
            settled[node] = true
            if let targets, targets.contains(node) {
                remaining -= 1
                if remaining == 0 { break }
            }
            for e in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
                let target = Int(edgeTarget[e])
                let candidate = d + cost[e]
                if candidate < distance[target] {
                    distance[target] = candidate
                    heap.push(candidate, target)
                }
            }
        }
        return distance
    }

    /// The shortest path from `source` to `target` by A* with the great-circle distance (or the
    /// great-circle time at the fastest speed) as the heuristic, which never overestimates, so
    /// the path is optimal. Nil when the target cannot be reached.
    public func shortestPath(from source: Int, to target: Int, weight: Weight = .metres) -> (cost: Double, nodes: [Int])? {
        var distance = [Double](repeating: .infinity, count: nodeCount)
        var parent = [Int32](repeating: -1, count: nodeCount)
        var settled = [Bool](repeating: false, count: nodeCount)
        let cost = weight == .metres ? edgeMetres : edgeSeconds
        let goal = nodes[target]
        let scale = weight == .metres ? 1 : 1 / fastestMetresPerSecond
        func estimate(_ node: Int) -> Double {
            let p = nodes[node]
            // Slightly under the great circle so rounding never makes the estimate inadmissible.
            return GeodesicDistance.metres(lon1: p.lon, lat1: p.lat, lon2: goal.lon, lat2: goal.lat) * scale * 0.999_999
        }
        var heap = BinaryHeap()
        distance[source] = 0
        heap.push(estimate(source), source)
        while let (_, node) = heap.pop() {
            if settled[node] { continue }
            settled[node] = true
            if node == target { break }
            let d = distance[node]
            for e in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
                let next = Int(edgeTarget[e])
                let candidate = d + cost[e]
                if candidate < distance[next] {
                    distance[next] = candidate
                    parent[next] = Int32(node)
                    heap.push(candidate + estimate(next), next)
                }
            }
        }
        guard distance[target].isFinite else { return nil }
        var path = [target]
        var node = target
        while node != source {
            node = Int(parent[node])
            path.append(node)
        }
        return (distance[target], path.reversed())
    }

    /// The nodes of a path as coordinates, for drawing it.
    public func coordinates(of path: [Int]) -> [(lon: Double, lat: Double)] { path.map { nodes[$0] } }
}
